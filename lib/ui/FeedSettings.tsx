import { useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { db, readSettings } from '../store/db';
import type { FeedRow } from '../store/feeds';
import { FEED_INTERVAL } from '../store/schema';
import { send } from '../protocol/client';
import { errorText } from '../protocol/errors';
import { isHttpUrl, originPattern } from '../util/url';
import { formatDateTime, t, tn } from '../i18n/i18n';
import { useLiveQuery } from './hooks';
import { ListStatus, ProblemFlash, reporting } from './ListStatus';

/** A feed's state in plain words: when it was fetched and what it holds, or what went wrong. */
export function feedStateText(feed: Pick<FeedRow, 'state' | 'lastFetchedAt' | 'itemCount' | 'detail'>): string {
  switch (feed.state) {
    case 'ok':
      return feed.lastFetchedAt ? tn('feed_state_ok', feed.itemCount, formatDateTime(feed.lastFetchedAt)) : t('feed_state_new');
    case 'unreachable':
      return feed.detail ? t('feed_state_unreachable_detail', feed.detail) : t('feed_state_unreachable');
    case 'not-a-feed':
      return t('feed_state_not_a_feed');
    case 'too-large':
      return t('feed_state_too_large');
    case 'permission':
      return t('feed_state_permission');
    default:
      return t('feed_state_new');
  }
}

/**
 * Asks for the feed origin's host permission, in the person's click (nothing may be awaited before it), then has
 * the background do the rest. Refused: nothing is sent, and the person is told.
 */
export async function withFeedPermission(url: string, then: () => Promise<unknown>): Promise<void> {
  const granted = await browser.permissions.request({ origins: [originPattern(url)] });
  if (!granted) throw new Error(t('feed_permission_refused', new URL(url).hostname));
  await then();
}

function FeedCard({ feed, onProblem }: { feed: FeedRow; onProblem: (m: string | null) => void }) {
  const run = reporting(onProblem);
  const failed = feed.state !== 'ok' && feed.state !== 'new';
  return (
    <li class="feed-card">
      <div class="feed-main">
        <span class="feed-title" dir="auto">
          {feed.title}
        </span>
        <span class="meta feed-url" dir="ltr">
          {feed.url}
        </span>
        <p class={`feed-state ${failed ? 'error' : ''}`}>{feedStateText(feed)}</p>
      </div>
      <div class="actions">
        <button
          type="button"
          class="secondary"
          aria-label={t('feed_refresh_label', feed.url)}
          onClick={() => void run(() => withFeedPermission(feed.url, () => send('feeds.refresh', { id: feed.id })))}
        >
          {t('feed_refresh')}
        </button>
        <button type="button" class="link danger" aria-label={t('feed_remove_label', feed.url)} onClick={() => void run(() => send('feeds.remove', { id: feed.id }))}>
          {t('remove')}
        </button>
      </div>
    </li>
  );
}

/** The options page's feeds: add one by address, each feed's state, refresh or remove it, and how often all are fetched. */
export function FeedSettings() {
  const { value: feeds, error } = useLiveQuery(async () => (await db().feeds.toArray()).sort((a, b) => a.addedAt - b.addedAt));
  const { value: settings } = useLiveQuery(() => readSettings(db()));
  const [address, setAddress] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const onAdd = async (e: Event) => {
    e.preventDefault();
    const url = address.trim();
    setProblem(null);
    if (!isHttpUrl(url)) {
      setProblem(t('feeds_bad_address'));
      return;
    }
    setBusy(true);
    try {
      await withFeedPermission(url, () => send('feeds.add', { url }));
      setAddress('');
    } catch (err) {
      setProblem(errorText(err));
    } finally {
      setBusy(false);
    }
  };

  const onInterval = (e: Event) => {
    const minutes = Number((e.currentTarget as HTMLInputElement).value);
    if (!Number.isInteger(minutes) || minutes < FEED_INTERVAL.min || minutes > FEED_INTERVAL.max) {
      setProblem(t('feed_interval_range', FEED_INTERVAL.min, FEED_INTERVAL.max));
      return;
    }
    void reporting(setProblem)(() => send('feeds.setInterval', { minutes }));
  };

  return (
    <div class="feeds">
      <p class="muted">{t('feeds_help')}</p>
      <form class="feed-add" onSubmit={(e) => void onAdd(e)}>
        <label for="feed-address">{t('feed_address')}</label>
        <input id="feed-address" type="url" inputMode="url" placeholder={t('feed_address_placeholder')} value={address} onInput={(e) => setAddress(e.currentTarget.value)} required />
        <button type="submit" disabled={busy} aria-busy={busy}>
          {t('feed_add')}
        </button>
      </form>
      <ProblemFlash problem={problem} />
      <ListStatus error={error} count={feeds?.length} unreadable="feeds_unreadable" empty="feeds_none" />
      {!error && feeds && feeds.length > 0 && (
        <ul class="feed-list" aria-label={t('feeds_list_label')}>
          {feeds.map((f) => (
            <FeedCard key={f.id} feed={f} onProblem={setProblem} />
          ))}
        </ul>
      )}
      <p>
        <label for="feed-interval">{t('feed_interval')}</label>{' '}
        <input id="feed-interval" type="number" min={FEED_INTERVAL.min} max={FEED_INTERVAL.max} step={1} value={settings?.feeds.intervalMinutes ?? FEED_INTERVAL.default} onChange={onInterval} />
      </p>
    </div>
  );
}
