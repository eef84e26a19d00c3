import { useCallback, useEffect, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { send } from '../messages/client';
import type { SuggestResult } from '../messages/protocol';
import { CuratorError } from '../util/errors';
import { SuggestionItem } from './SuggestionItem';
import { ModelProgress, useModelStatus, useOnModelReady } from './ModelStatus';

type State =
  | { kind: 'idle' }
  | { kind: 'loading' }
  | { kind: 'ready'; result: SuggestResult }
  | { kind: 'error'; code: string; message: string };

const NOT_ARTICLE: Record<string, string> = {
  'not-readerable': "This page doesn't look like an article, so there is nothing to suggest. Open a news story or a blog post.",
  'too-short': 'This page has too little text to judge. Open the full article.',
  'too-large': 'This page is too large to read quickly, so Persona Curator left it alone.',
  'no-document': "This page has no readable document.",
};

const seenDate = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' });

const STORAGE_NOTICE: Record<'full' | 'unavailable', string> = {
  full: 'Your browser storage is full: these suggestions were not saved, and curating will fail until you free some space. What was saved before is intact.',
  unavailable: "This browser won't let Persona Curator save anything (private mode?). Suggestions use the sample personas, and nothing you curate can be kept.",
};

const MODE_HELP: Record<string, string> = {
  lexical: 'Scored by word matching (the on-device model is off or not ready)',
  hybrid: 'Scored by word matching and the on-device model together',
  semantic: 'Scored by the on-device multilingual model alone (a language word matching cannot read)',
};

interface Props {
  tabId: number | null;
  /** Changes whenever the tab navigates, to read it again. */
  tabKey?: string;
  source: 'popup' | 'sidepanel';
}

/** Suggestions for one tab: reads it through the background, ranks personas, offers Curate. */
export function TabSuggestions({ tabId, tabKey, source }: Props) {
  const [state, setState] = useState<State>({ kind: 'idle' });
  const [curate, setCurate] = useState<{ kind: 'idle' | 'busy' | 'done' | 'error'; message?: string }>({ kind: 'idle' });

  const load = useCallback(
    async (refresh = false) => {
      if (tabId === null) return;
      setState({ kind: 'loading' });
      setCurate({ kind: 'idle' });
      try {
        const result = await send('suggest', { tabId, refresh });
        setState({ kind: 'ready', result });
      } catch (err) {
        const e = err instanceof CuratorError ? err : new CuratorError('internal', String(err));
        setState({ kind: 'error', code: e.code, message: e.message });
      }
    },
    [tabId],
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
      setCurate({ kind: 'done', message: item.personaName ? `Saved to the queue for ${item.personaName}.` : 'Saved to the queue.' });
    } catch (err) {
      setCurate({ kind: 'error', message: err instanceof Error ? err.message : String(err) });
    }
  };

  const progress = <ModelProgress status={modelStatus} />;
  if (tabId === null) {
    return <p class="state">No tab to read. Switch to a tab with an article.</p>;
  }
  if (state.kind === 'idle' || state.kind === 'loading') {
    return (
      <>
        {progress}
        <div class="state loading" role="status" aria-busy="true">
          <span class="spinner" aria-hidden="true" /> Reading this page…
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
            Turn on “Follow my browsing”
          </button>
        )}
        {state.code !== 'unreadable' && state.code !== 'no-access' && (
          <button type="button" class="secondary" onClick={() => void load(true)}>
            Try again
          </button>
        )}
      </div>
    );
  }

  const { result } = state;
  const { page } = result;
  const strong = result.suggestions.filter((s) => s.suggested).length;
  return (
    <section class="tab-suggestions" aria-labelledby="page-title">
      {progress}
      <header class="page-head">
        <h2 id="page-title" dir="auto">
          {page.title || page.url}
        </h2>
        <p class="meta">
          {[page.siteName, page.byline].filter(Boolean).join(' · ')}
          {result.suggestions.length > 0 && (
            <span class="mode" title={MODE_HELP[result.mode]}>
              {result.mode}
              {result.cached ? ' · cached' : ''}
            </span>
          )}
        </p>
        {result.seen && (
          <p class="seen" role="note">
            {result.seen.status === 'shared' ? 'Already shared' : 'Already curated'}
            {result.seen.personaName ? ` for ${result.seen.personaName}` : ''} · {seenDate.format(result.seen.at)}
          </p>
        )}
        <div class="actions">
          <button type="button" class="primary" onClick={() => void doCurate()} disabled={curate.kind === 'busy'}>
            {curate.kind === 'busy' ? 'Curating…' : 'Curate'}
          </button>
          <button type="button" class="secondary" onClick={() => void load(true)}>
            Refresh
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
      {result.storage !== 'ok' && (
        <p class="notice" role="status">
          {STORAGE_NOTICE[result.storage]}
        </p>
      )}
      {page.notArticle ? (
        <p class="state">{NOT_ARTICLE[page.notArticle] ?? NOT_ARTICLE['not-readerable']}</p>
      ) : result.enabledPersonas === 0 ? (
        <div class="state">
          <p>No personas are switched on, so there is nothing to match.</p>
          <button type="button" class="secondary" onClick={() => void browser.runtime.openOptionsPage()}>
            Set up personas
          </button>
        </div>
      ) : (
        <>
          <p class="summary" role="status">
            {strong === 0 ? 'No persona is a strong match for this page.' : strong === 1 ? '1 persona would post this.' : `${strong} personas would post this.`}
          </p>
          <ul class="suggestions" aria-label="Suggestions">
            {result.suggestions.map((s, i) => (
              <SuggestionItem
                key={`${s.personaId}:${page.url}`}
                suggestion={s}
                page={page}
                voice={result.voices[s.personaId] ?? { hashtags: [], style: 'quote', emoji: false, cta: '', voice: '', topic: null, color: '#4f46e5' }}
                handoff={result.handoff}
                expanded={i === 0 && s.suggested}
                onFeedback={async (positive) => void (await send('feedback', { tabId: result.tabId, personaId: s.personaId, positive }))}
              />
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
