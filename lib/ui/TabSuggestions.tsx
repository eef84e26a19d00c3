import { useCallback, useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { onPush, send } from '../protocol/client';
import type { PushPayload, SuggestResult } from '../protocol/requests';
import { CuratorError } from '../protocol/errors';
import { SuggestionItem } from './SuggestionItem';
import { ModelProgress, useModelStatus, useOnModelReady } from './ModelStatus';
import { formatDate, languageName, t, tn, type MessageKey } from '../i18n/i18n';
import { modelLabel } from './labels';

/**
 * `refine`: where the model's answer stands after a progressive (word matching first) answer. `open`: the persona
 * whose draft is unfolded, chosen with the first answer and kept through the model's, so nothing moves under the
 * person's hands.
 */
type Ready = { kind: 'ready'; result: SuggestResult; refine: 'none' | 'busy' | 'done' | 'failed'; open: string | null };
type State = { kind: 'idle' } | { kind: 'loading' } | Ready | { kind: 'error'; code: string; message: string };
type Upgrade = PushPayload<'suggest.upgraded'>;

/**
 * How long a view waits for the model's answer before it stops saying "Refining": the background's own watchdog
 * gives the model a minute of silence per request, and a worker stopped meanwhile never sends it.
 */
export const REFINE_WAIT_MS = 150_000;

/** The persona whose draft opens: the best one, if it is worth posting. */
const firstOpen = (result: SuggestResult) => (result.suggestions[0]?.suggested ? result.suggestions[0].personaId : null);

/** The model's answer replacing the suggestions of a ready state (or ending its wait when the model failed). */
function upgraded(state: Ready, upgrade: Upgrade): Ready {
  if (!upgrade.suggestions) return { ...state, refine: 'failed' };
  const result = { ...state.result, mode: upgrade.mode, suggestions: upgrade.suggestions, cached: false };
  return { ...state, result, refine: 'done', open: state.open ?? firstOpen(result) };
}

/** What has focus and where the view is scrolled, to put back after the list re-renders in a new order. */
function viewPlace(): () => void {
  const focused = document.activeElement instanceof HTMLElement && document.activeElement !== document.body ? document.activeElement : null;
  const field = focused instanceof HTMLTextAreaElement || focused instanceof HTMLInputElement ? focused : null;
  const selection = field ? { start: field.selectionStart, end: field.selectionEnd, direction: field.selectionDirection ?? undefined } : null;
  const scroller = document.scrollingElement;
  const top = scroller?.scrollTop ?? 0;
  return () => {
    if (focused?.isConnected && document.activeElement !== focused) {
      focused.focus({ preventScroll: true });
      if (field && selection && selection.start !== null && selection.end !== null) field.setSelectionRange(selection.start, selection.end, selection.direction);
    }
    if (scroller && scroller.scrollTop !== top) scroller.scrollTop = top;
  };
}

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
    // Not an address: shown as it is.
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

/** After this long, reading says why it is slow: the page itself (a huge one laying itself out) has not answered yet. */
export const SLOW_READ_MS = 1_500;

/** "Reading this page…", then, past SLOW_READ_MS, a plain word on what is going on: a clear state within 2 s, still waiting. */
function ReadingState() {
  const [slow, setSlow] = useState(false);
  useEffect(() => {
    // Counted from the view's own start (its time origin), not from this render: the person waits from the click.
    const timer = setTimeout(() => setSlow(true), Math.max(0, SLOW_READ_MS - performance.now()));
    return () => clearTimeout(timer);
  }, []);
  return (
    <div class="state loading" role="status">
      <span class="spinner" aria-hidden="true" /> {t(slow ? 'reading_page_slow' : 'reading_page')}
    </div>
  );
}

/** Suggestions for one tab: reads it through the background, ranks personas, offers Curate. */
export function TabSuggestions({ tabId, tabKey, source, following = false }: Props) {
  const [state, setState] = useState<State>({ kind: 'idle' });
  const [curate, setCurate] = useState<{ kind: 'idle' | 'busy' | 'done' | 'error'; message?: string }>({ kind: 'idle' });
  // Personas that score nothing are folded away, so the list shows what matters; one button shows them.
  const [showOthers, setShowOthers] = useState(false);

  // The model's answers, by key: one may arrive before the word-matching answer it upgrades.
  const upgrades = useRef(new Map<string, Upgrade>());
  // Put back after the upgraded list renders: focus, the caret in a draft, the scroll position.
  const restore = useRef<(() => void) | null>(null);
  useEffect(
    () =>
      onPush('suggest.upgraded', (upgrade) => {
        upgrades.current.set(upgrade.key, upgrade);
        if (upgrades.current.size > 20) upgrades.current.delete(upgrades.current.keys().next().value!);
        setState((s) => {
          if (s.kind !== 'ready' || s.refine !== 'busy' || s.result.upgrading?.key !== upgrade.key) return s;
          restore.current = viewPlace();
          return upgraded(s, upgrade);
        });
      }),
    [],
  );
  useLayoutEffect(() => {
    restore.current?.();
    restore.current = null;
  }, [state]);

  const load = useCallback(
    async (refresh = false) => {
      if (tabId === null) return;
      setState({ kind: 'loading' });
      setCurate({ kind: 'idle' });
      try {
        const result = await send('suggest', { tabId, refresh, progressive: true, ...(following ? { following } : {}) });
        const ready: Ready = { kind: 'ready', result, refine: result.upgrading ? 'busy' : 'none', open: firstOpen(result) };
        const early = result.upgrading && upgrades.current.get(result.upgrading.key);
        setState(early ? upgraded(ready, early) : ready);
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

  // A model that never answers (the worker stopped meanwhile) must not leave "Refining" on for good.
  const refining = state.kind === 'ready' && state.refine === 'busy';
  useEffect(() => {
    if (!refining) return;
    const timer = setTimeout(() => setState((s) => (s.kind === 'ready' && s.refine === 'busy' ? { ...s, refine: 'failed' } : s)), REFINE_WAIT_MS);
    return () => clearTimeout(timer);
  }, [refining]);

  // When the model finishes downloading or loading, ask again: the answer may now be semantic.
  // (Not while its answer is on the way: it loaded for this very page.)
  const modelStatus = useModelStatus();
  useOnModelReady(modelStatus, () => {
    if (state.kind === 'ready' && state.result.mode === 'lexical' && state.refine !== 'busy') void load();
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
        <ReadingState />
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
      {state.refine !== 'none' && (
        // One polite live region, there from the first answer, so each change is announced (no aria-busy: it would hold "Refining…" back).
        <p class={`notice refine ${state.refine}`} role="status">
          {state.refine === 'busy' && <span class="spinner" aria-hidden="true" />}
          {state.refine === 'busy' ? t('refine_busy') : state.refine === 'done' ? t('refine_done') : t('refine_failed')}
        </p>
      )}
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
            {result.suggestions.map((s) => (
              <SuggestionItem
                key={`${s.personaId}:${page.url}`}
                suggestion={s}
                threshold={result.threshold}
                page={page}
                voice={result.voices[s.personaId] ?? { hashtags: [], style: 'quote', emoji: false, cta: '', voice: '', topic: null, color: '#4f46e5' }}
                handoff={result.handoff}
                expanded={s.personaId === state.open}
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
