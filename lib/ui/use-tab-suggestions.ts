import { useCallback, useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import { onPush, send } from '../protocol/client';
import type { PushPayload, SuggestResult } from '../protocol/requests';
import { explainError } from '../protocol/errors';
import { useModelStatus, useOnModelReady } from './ModelStatus';
import { t } from '../i18n/i18n';

/**
 * `refine`: where the model's answer stands after a progressive (word matching first) answer. `open`: the persona
 * whose draft is unfolded, chosen with the first answer and kept through the model's, so nothing moves under the
 * person's hands.
 */
export type Ready = { kind: 'ready'; result: SuggestResult; refine: 'none' | 'busy' | 'done' | 'failed'; open: string | null };
export type SuggestionsState = { kind: 'idle' } | { kind: 'loading' } | Ready | { kind: 'error'; code: string; message: string };
type Upgrade = PushPayload<'suggest.upgraded'>;
/** Where saving the tab to the queue stands, and what to say about it. */
export type CurateState = { kind: 'idle' | 'busy' | 'done' | 'error'; message?: string };

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

/**
 * One tab's suggestions as a view holds them: asked for progressively (word matching first), replaced in place by
 * the model's pushed answer (focus and scroll kept), given up on after REFINE_WAIT_MS, and asked again when the
 * model becomes ready. `load(true)` asks afresh, past the cache; `curate` saves the tab to the queue.
 */
export function useTabSuggestions(tabId: number | null, tabKey: string | undefined, source: 'popup' | 'sidepanel', following: boolean) {
  const [state, setState] = useState<SuggestionsState>({ kind: 'idle' });
  const [curation, setCurate] = useState<CurateState>({ kind: 'idle' });

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
        const e = explainError(err);
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

  const curate = async () => {
    if (tabId === null) return;
    setCurate({ kind: 'busy' });
    try {
      const item = await send('curate', { tabId, source });
      setCurate({ kind: 'done', message: item.personaName ? t('saved_to_queue_for', item.personaName) : t('saved_to_queue') });
    } catch (err) {
      setCurate({ kind: 'error', message: explainError(err).message });
    }
  };

  return { state, load, modelStatus, curation, curate };
}
