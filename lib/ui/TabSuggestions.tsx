import { useEffect, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { send } from '../protocol/client';
import { SuggestionItem } from './SuggestionItem';
import { ModelProgress } from './ModelStatus';
import { PageHead } from './PageHead';
import { FollowFeed } from './FollowFeed';
import { PagePicks } from './PagePicks';
import { useTabSuggestions } from './use-tab-suggestions';
import { languageName, t, tn, type MessageKey } from '../i18n/i18n';
import { modelLabel } from './labels';

const NOT_ARTICLE: Record<string, MessageKey> = {
  'not-readerable': 'not_article_not_readerable',
  'too-short': 'not_article_too_short',
  'too-large': 'not_article_too_large',
  'no-document': 'not_article_no_document',
};

const STORAGE_NOTICE: Record<'full' | 'unavailable', MessageKey> = {
  full: 'storage_notice_full',
  unavailable: 'storage_notice_unavailable',
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
  const { state, load, modelStatus, curation, curate } = useTabSuggestions(tabId, tabKey, source, following);
  // Personas that score nothing are folded away, so the list shows what matters; one button shows them.
  const [showOthers, setShowOthers] = useState(false);

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
  // Below an article's suggestions, its related links; on a listing page, the picks are the answer.
  const picks = (listing: boolean) => <PagePicks key={`${result.tabId}:${page.url}`} tabId={result.tabId} url={page.url} handoff={result.handoff} listing={listing} following={following} />;
  return (
    <section class="tab-suggestions" aria-labelledby="page-title">
      {progress}
      <PageHead result={result} curation={curation} onCurate={() => void curate()} onRefresh={() => void load(true)} />
      {source === 'popup' && page.feeds?.length ? <FollowFeed feeds={page.feeds} /> : null}
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
      {page.notArticle === 'listing' ? (
        // A page that lists articles: its picks take the place of "not an article".
        picks(true)
      ) : page.notArticle ? (
        <>
          <p class="state">{t(NOT_ARTICLE[page.notArticle] ?? 'not_article_not_readerable')}</p>
          {picks(false)}
        </>
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
          {picks(false)}
        </>
      )}
    </section>
  );
}
