import { useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { db, readSettings } from '../store/db';
import type { FeedItem } from '../store/feeds';
import { send } from '../protocol/client';
import type { HandoffSettings } from '../protocol/requests';
import { verdictOf } from '../core/score/strength';
import { isHttpUrl } from '../util/url';
import { formatPercent, t } from '../i18n/i18n';
import { useLiveQuery } from './hooks';
import { verdictLabel } from './labels';
import { PickHandoff } from './PickHandoff';
import { ProblemFlash, reporting } from './ListStatus';
import { feedStateText } from './FeedSettings';

/** Picks shown at most: the best ones. */
export const MAX_FEED_PICKS = 30;

const optionsHref = () => browser.runtime.getURL('/options.html#feeds');

/** What the list shows: new items whose best persona scores at or above the threshold, best first, grouped by persona. */
async function readPicks(): Promise<{ picks: FeedItem[]; threshold: number; handoff: HandoffSettings; feeds: number; failing: { id: string; title: string; text: string }[] }> {
  const database = db();
  const [settings, items, feeds, personas] = await Promise.all([
    readSettings(database),
    database.feedItems.where('status').equals('new').toArray(),
    database.feeds.toArray(),
    database.personas.toArray(),
  ]);
  const { threshold } = settings;
  // A persona switched off or deleted since the item was scored picks nothing.
  const enabled = new Set(personas.filter((p) => p.enabled).map((p) => p.id));
  const picks = items
    .filter((i) => i.pick && enabled.has(i.pick.personaId) && i.pick.score >= threshold && isHttpUrl(i.url))
    .sort((a, b) => b.pick!.score - a.pick!.score)
    .slice(0, MAX_FEED_PICKS);
  // Each persona's picks together, the persona with the best pick first.
  const order = new Map<string, number>();
  for (const p of picks) if (!order.has(p.pick!.personaId)) order.set(p.pick!.personaId, order.size);
  picks.sort((a, b) => order.get(a.pick!.personaId)! - order.get(b.pick!.personaId)! || b.pick!.score - a.pick!.score);
  const failing = feeds.filter((f) => f.state !== 'ok' && f.state !== 'new').map((f) => ({ id: f.id, title: f.title, text: feedStateText(f) }));
  return { picks, threshold, handoff: settings.handoff, feeds: feeds.length, failing };
}

function FeedPick({ item, threshold, handoff, onProblem }: { item: FeedItem; threshold: number; handoff: HandoffSettings; onProblem: (m: string | null) => void }) {
  const run = reporting(onProblem);
  const pick = item.pick!;
  const verdict = verdictOf(pick, threshold);
  return (
    <li class="feed-pick">
      <a href={item.url} target="_blank" rel="noopener noreferrer" dir="auto" class="feed-pick-title">
        {item.title}
      </a>
      <p class="meta">
        <span class="chip" dir="auto">
          {pick.name}
        </span>
        <span class={`verdict ${verdict === 'post' ? 'ok' : ''}`}>
          {verdictLabel(verdict)} · {formatPercent(pick.score)}
        </span>
        <span dir="auto">{item.siteName}</span>
      </p>
      {item.summary && (
        <p class="feed-summary" dir="auto">
          {item.summary.length > 200 ? `${item.summary.slice(0, 199)}…` : item.summary}
        </p>
      )}
      <div class="actions">
        <button type="button" class="secondary" aria-label={t('feed_pick_curate_label', item.title)} onClick={() => void run(() => send('feeds.curate', { key: item.key, personaId: pick.personaId }))}>
          {t('feed_pick_curate')}
        </button>
        <PickHandoff personaId={pick.personaId} personaName={pick.name} headline={item.title} url={item.url} handoff={handoff} />
        <button type="button" class="link danger" aria-label={t('feed_pick_dismiss_label', item.title)} onClick={() => void run(() => send('feeds.dismiss', { key: item.key }))}>
          {t('feed_pick_dismiss')}
        </button>
      </div>
    </li>
  );
}

/** The side panel's "From your feeds": new picks the person's feeds brought, for each persona, best first. */
export function FeedPicks() {
  const { value, error } = useLiveQuery(readPicks);
  const [problem, setProblem] = useState<string | null>(null);
  return (
    <section class="feed-picks" aria-labelledby="feed-picks-title">
      <h2 id="feed-picks-title">{t('feed_picks_title')}</h2>
      <ProblemFlash problem={problem} />
      {error ? (
        <p class="state error" role="alert">
          {t('feeds_unreadable')}
        </p>
      ) : !value ? (
        <p class="state">{t('loading')}</p>
      ) : value.feeds === 0 ? (
        <p class="state">
          {t('feed_picks_no_feeds')}{' '}
          <a href={optionsHref()} target="_blank" rel="noopener">
            {t('feed_picks_add_in_options')}
          </a>
        </p>
      ) : (
        <>
          {value.failing.map((f) => (
            <p class="state error" key={f.id}>
              <span dir="auto">{t('feed_failing', f.title, f.text)}</span>{' '}
              <a href={optionsHref()} target="_blank" rel="noopener">
                {t('feed_picks_see_options')}
              </a>
            </p>
          ))}
          {value.picks.length === 0 && <p class="state">{t('feed_picks_empty')}</p>}
          <ul class="feed-pick-list" aria-label={t('feed_picks_title')}>
            {value.picks.map((item) => (
              <FeedPick key={item.key} item={item} threshold={value.threshold} handoff={value.handoff} onProblem={setProblem} />
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
