import { useCallback, useEffect, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { send } from '../messages/client';
import type { SuggestResult } from '../messages/protocol';
import { CuratorError } from '../util/errors';
import { SuggestionItem } from './SuggestionItem';
import { ModelProgress, useModelStatus, useOnModelReady } from './ModelStatus';
import { formatDate, languageName, t, tn, type MessageKey } from '../i18n/i18n';
import { modelLabel } from './labels';

type State = { kind: 'idle' } | { kind: 'loading' } | { kind: 'ready'; result: SuggestResult } | { kind: 'error'; code: string; message: string };

const NOT_ARTICLE: Record<string, MessageKey> = {
  'not-readerable': 'not_article_not_readerable',
  'too-short': 'not_article_too_short',
  'too-large': 'not_article_too_large',
  'no-document': 'not_article_no_document',
};

/** The host a share link goes to, as a person reads it: "theguardian.com" for https://www.theguardian.com/…. */
function sharedHost(url: string): string {
  try {
    return new URL(url).host.replace(/^www\./i, '');
  } catch {
    return url;
  }
}

/** "Already curated for Tech Explainer · 26 Nov 2026" (or shared). */
function seenLine(seen: NonNullable<SuggestResult['seen']>): string {
  const date = formatDate(seen.at);
  if (seen.status === 'shared') return seen.personaName ? t('seen_shared_for', seen.personaName, date) : t('seen_shared', date);
  return seen.personaName ? t('seen_curated_for', seen.personaName, date) : t('seen_curated', date);
}

const STORAGE_NOTICE: Record<'full' | 'unavailable', MessageKey> = {
  full: 'storage_notice_full',
  unavailable: 'storage_notice_unavailable',
};

const MODE: Record<string, { name: MessageKey; help: MessageKey }> = {
  lexical: { name: 'mode_lexical', help: 'mode_help_lexical' },
  hybrid: { name: 'mode_hybrid', help: 'mode_help_hybrid' },
  semantic: { name: 'mode_semantic', help: 'mode_help_semantic' },
};

/** A persona the page gives nothing (shown as 0): folded under "Other personas (n)". */
const scoresNothing = (s: { score: number }) => Math.round(s.score * 100) === 0;

interface Props {
  tabId: number | null;
  /** Changes whenever the tab navigates, to read it again. */
  tabKey?: string;
  source: 'popup' | 'sidepanel';
  /** The view follows the active tab (the side panel) rather than showing a tab the person picked. */
  following?: boolean;
}

/** Suggestions for one tab: reads it through the background, ranks personas, offers Curate. */
export function TabSuggestions({ tabId, tabKey, source, following = false }: Props) {
  const [state, setState] = useState<State>({ kind: 'idle' });
  const [curate, setCurate] = useState<{ kind: 'idle' | 'busy' | 'done' | 'error'; message?: string }>({ kind: 'idle' });
  // Personas that score nothing are folded away, so the list shows what matters; one button shows them.
  const [showOthers, setShowOthers] = useState(false);

  const load = useCallback(
    async (refresh = false) => {
      if (tabId === null) return;
      setState({ kind: 'loading' });
      setCurate({ kind: 'idle' });
      try {
        const result = await send('suggest', following ? { tabId, refresh, following } : { tabId, refresh });
        setState({ kind: 'ready', result });
      } catch (err) {
        const e = err instanceof CuratorError ? err : new CuratorError('internal', String(err));
        setState({ kind: 'error', code: e.code, message: e.message });
      }
    },
    [tabId, following],
  );

  useEffect(() => {
    void load();
  }, [load, tabKey]);

  // When the model finishes downloading or loading, ask again: the answer may now be semantic.
  const modelStatus = useModelStatus();
  useOnModelReady(modelStatus, () => {
    if (state.kind === 'ready' && state.result.mode === 'lexical') void load();
  });

  const doCurate = async () => {
    if (tabId === null) return;
    setCurate({ kind: 'busy' });
    try {
      const item = await send('curate', { tabId, source });
      setCurate({ kind: 'done', message: item.personaName ? t('saved_to_queue_for', item.personaName) : t('saved_to_queue') });
    } catch (err) {
      setCurate({ kind: 'error', message: err instanceof Error ? err.message : String(err) });
    }
  };

  const progress = <ModelProgress status={modelStatus} />;
  if (tabId === null) {
    return <p class="state">{t('no_tab_to_read')}</p>;
  }
  if (state.kind === 'idle' || state.kind === 'loading') {
    return (
      <>
        {progress}
        <div class="state loading" role="status" aria-busy="true">
          <span class="spinner" aria-hidden="true" /> {t('reading_page')}
        </div>
      </>
    );
  }
  if (state.kind === 'error') {
    // A page we may not or cannot read is a state to explain, not a failure to alarm about.
    const expected = state.code === 'no-access' || state.code === 'unreadable';
    return (
      <div class={expected ? 'state' : 'state error'} role={expected ? 'status' : 'alert'}>
        <p>{state.message}</p>
        {state.code === 'no-access' && (
          <button type="button" class="secondary" onClick={() => void browser.runtime.openOptionsPage()}>
            {t('turn_on_follow')}
          </button>
        )}
        {state.code !== 'unreadable' && state.code !== 'no-access' && (
          <button type="button" class="secondary" onClick={() => void load(true)}>
            {t('try_again')}
          </button>
        )}
      </div>
    );
  }

  const { result } = state;
  const { page } = result;
  const strong = result.suggestions.filter((s) => s.suggested).length;
  const others = result.suggestions.filter(scoresNothing).length;
  return (
    <section class="tab-suggestions" aria-labelledby="page-title">
      {progress}
      <header class="page-head">
        <h2 id="page-title" dir="auto">
          {page.title || page.url}
        </h2>
        <p class="meta">
          <span dir="auto">{[page.siteName, page.byline].filter(Boolean).join(' · ')}</span>
          {result.suggestions.length > 0 && (
            <span class="mode" title={MODE[result.mode] ? t(MODE[result.mode]!.help) : undefined}>
              {MODE[result.mode] ? t(MODE[result.mode]!.name) : result.mode}
              {result.cached ? ` · ${t('mode_cached')}` : ''}
            </span>
          )}
        </p>
        {page.shareUrl && (
          <p class="meta share-host" title={page.shareUrl}>
            {t('shares_host', sharedHost(page.shareUrl))}
          </p>
        )}
        {result.seen && (
          <p class="seen" role="note">
            {seenLine(result.seen)}
          </p>
        )}
        <div class="actions">
          <button type="button" class="primary" onClick={() => void doCurate()} disabled={curate.kind === 'busy'}>
            {curate.kind === 'busy' ? t('curating') : t('curate')}
          </button>
          <button type="button" class="secondary" onClick={() => void load(true)}>
            {t('refresh')}
          </button>
        </div>
        {curate.kind === 'done' && (
          <p class="flash ok" role="status">
            {curate.message}
          </p>
        )}
        {curate.kind === 'error' && (
          <p class="flash error" role="alert">
            {curate.message}
          </p>
        )}
      </header>
      {result.modelSkipped && (
        <p class="notice" role="note">
          {t('mode_language_skipped', languageName(result.language), modelLabel(result.modelSkipped.modelId, result.modelSkipped.modelId))}
        </p>
      )}
      {result.storage !== 'ok' && (
        <p class="notice" role="status">
          {t(STORAGE_NOTICE[result.storage])}
        </p>
      )}
      {page.truncated && !page.notArticle && (
        <p class="notice" role="note">
          {t('page_read_in_part')}
        </p>
      )}
      {page.notArticle ? (
        <p class="state">{t(NOT_ARTICLE[page.notArticle] ?? 'not_article_not_readerable')}</p>
      ) : result.enabledPersonas === 0 ? (
        <div class="state">
          <p>{t('no_personas_enabled')}</p>
          <button type="button" class="secondary" onClick={() => void browser.runtime.openOptionsPage()}>
            {t('set_up_personas')}
          </button>
        </div>
      ) : (
        <>
          <p class="summary" role="status">
            {strong === 0 ? t('no_strong_match') : tn('personas_would_post', strong)}
          </p>
          <ul class="suggestions" id="suggestion-list" aria-label={t('suggestions_label')}>
            {result.suggestions.map((s, i) => (
              <SuggestionItem
                key={`${s.personaId}:${page.url}`}
                suggestion={s}
                threshold={result.threshold}
                page={page}
                voice={result.voices[s.personaId] ?? { hashtags: [], style: 'quote', emoji: false, cta: '', voice: '', topic: null, color: '#4f46e5' }}
                handoff={result.handoff}
                expanded={i === 0 && s.suggested}
                hidden={scoresNothing(s) && !showOthers}
                onFeedback={async (positive) => void (await send('feedback', { tabId: result.tabId, personaId: s.personaId, positive }))}
              />
            ))}
          </ul>
          {others > 0 && (
            <button type="button" class="link other-personas" aria-expanded={showOthers} aria-controls="suggestion-list" onClick={() => setShowOthers(!showOthers)}>
              {tn('other_personas', others)}
            </button>
          )}
        </>
      )}
    </section>
  );
}
