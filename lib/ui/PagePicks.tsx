import { useEffect, useState } from 'preact/hooks';
import { send } from '../protocol/client';
import type { HandoffSettings, PicksResult } from '../protocol/requests';
import type { LinkPick } from '../core/score/picks';
import { verdictOf } from '../core/score/strength';
import { explainError } from '../protocol/errors';
import { t, tn } from '../i18n/i18n';
import { verdictLabel } from './labels';
import { PickHandoff } from './PickHandoff';

type PicksState = { kind: 'loading' } | { kind: 'ready'; result: PicksResult } | { kind: 'error'; message: string };

interface Props {
  tabId: number;
  /** The page the view shows: its links were read with it. */
  url: string;
  handoff: HandoffSettings;
  /** A listing page: picks are what the view offers, so their empty states show. Elsewhere an empty list shows nothing. */
  listing: boolean;
  /** The view follows the active tab (the side panel): see the `suggest` request. */
  following: boolean;
}

/** One pick: the article's link, the persona and strength, Curate, and the share links built from the headline. */
function PickItem({ pick, tabId, threshold, handoff }: { pick: LinkPick; tabId: number; threshold: number; handoff: HandoffSettings }) {
  const [saved, setSaved] = useState<{ ok: boolean; message: string } | null>(null);
  const verdict = verdictOf(pick, threshold);
  const curate = async () => {
    try {
      await send('picks.curate', { tabId, url: pick.url, personaId: pick.personaId });
      setSaved({ ok: true, message: t('pick_curated', pick.name) });
    } catch (err) {
      setSaved({ ok: false, message: explainError(err).message });
    }
  };
  return (
    <li class={`pick ${pick.suggested ? 'is-suggested' : 'is-weak'}`}>
      <a class="pick-link" href={pick.url} target="_blank" rel="noopener noreferrer" dir="auto">
        {pick.headline}
      </a>
      {pick.snippet && (
        <p class="pick-snippet muted" dir="auto">
          {pick.snippet}
        </p>
      )}
      <div class="pick-head">
        <span class="pick-persona" dir="auto">
          {t('pick_for', pick.name)}
        </span>
        <span class={`verdict ${verdict === 'post' ? 'ok' : ''}`}>{verdictLabel(verdict)}</span>
        <button type="button" class="secondary" aria-label={t('pick_curate_label', pick.headline, pick.name)} onClick={() => void curate()}>
          {t('curate')}
        </button>
      </div>
      {saved && (
        <p class={saved.ok ? 'flash' : 'flash error'} role={saved.ok ? 'status' : 'alert'}>
          {saved.message}
        </p>
      )}
      <details class="pick-share">
        <summary aria-label={t('pick_share_label', pick.headline)}>{t('pick_share')}</summary>
        <div class="handoff">
          <PickHandoff personaId={pick.personaId} personaName={pick.name} headline={pick.headline} url={pick.url} handoff={handoff} all />
        </div>
      </details>
    </li>
  );
}

/**
 * "Picks on this page": the page's article links that fit a persona, the best first for each, found by word
 * matching and then refined by the model when it is on.
 */
export function PagePicks({ tabId, url, handoff, listing, following }: Props) {
  const [state, setState] = useState<PicksState>({ kind: 'loading' });
  useEffect(() => {
    let live = true;
    setState({ kind: 'loading' });
    void (async () => {
      try {
        const first = await send('picks', { tabId, url, ...(following ? { following } : {}) });
        if (!live) return;
        setState({ kind: 'ready', result: first });
        if (!first.refinable || first.links === 0) return;
        const refined = await send('picks', { tabId, url, refine: true, ...(following ? { following } : {}) });
        if (live) setState({ kind: 'ready', result: refined });
      } catch (err) {
        if (live) setState((s) => (s.kind === 'ready' ? s : { kind: 'error', message: explainError(err).message }));
      }
    })();
    return () => {
      live = false;
    };
  }, [tabId, url, following]);

  if (state.kind !== 'ready' && !listing) return null;
  const result = state.kind === 'ready' ? state.result : null;
  if (result && !listing && result.picks.length === 0) return null;
  return (
    <section class="picks" aria-labelledby="picks-heading">
      <h2 id="picks-heading">{t('picks_heading')}</h2>
      {listing && <p class="muted">{t('not_article_listing')}</p>}
      {state.kind === 'loading' && (
        <div class="state loading" role="status">
          <span class="spinner" aria-hidden="true" /> {t('picks_loading')}
        </div>
      )}
      {state.kind === 'error' && (
        <p class="state error" role="alert">
          {t('picks_failed', state.message)}
        </p>
      )}
      {result && result.enabledPersonas === 0 && <p class="state">{t('no_personas_enabled')}</p>}
      {result && result.enabledPersonas > 0 && result.links === 0 && <p class="state">{t('picks_none_found')}</p>}
      {result && result.enabledPersonas > 0 && result.links > 0 && result.picks.length === 0 && <p class="state">{tn('picks_none_match', result.links)}</p>}
      {result && result.picks.length > 0 && (
        <>
          <p class="summary muted">{tn('picks_summary', result.links)}</p>
          <ul class="picks-list" aria-label={t('picks_heading')}>
            {result.picks.map((pick) => (
              <PickItem key={`${pick.personaId}:${pick.url}`} pick={pick} tabId={tabId} threshold={result.threshold} handoff={handoff} />
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
