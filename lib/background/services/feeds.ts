import type { Handlers } from '../../protocol/router';
import { parseFeed } from '../../core/feeds/parse';
import { readSettings, updateSettings } from '../../store/db';
import { KEYS, putKv } from '../../store/kv';
import { FEED_ITEM_MAX_AGE_MS, feedItemKey, feedKey, newFeedItem, newFeedRow, type FeedItem, type FeedRow } from '../../store/feeds';
import { CuratorError } from '../../protocol/errors';
import { simhash } from '../../util/simhash';
import { isHttpUrl } from '../../util/url';
import { ignored } from '../../util/log';
import { t } from '../../i18n/i18n';
import type { ServiceContext } from './context';
import type { QueueInput } from '../../store/queue';
import type { QueueItem } from '../../store/schema';
import { fetchFeed, FEED_LIMITS, type Fetcher, type FetchLimits } from './feeds-fetch';
import { scoreFeedEntries } from './feeds-score';
import { alreadySeen, countStrongPicks, pruneFeedItems } from './feeds-store';

/** What the feed service needs from the browser (lib/background/browser/feeds.ts gives the real ones). */
export interface FeedDeps {
  fetch: Fetcher;
  /** Whether this feed's origin may be fetched (the optional host permission, or the test build's hosts). */
  canFetch: (url: string) => Promise<boolean>;
  /** Refresh every feed every `minutes`, or stop (null: no feed left). */
  schedule: (minutes: number | null) => Promise<void>;
  /** After a change: how many strong picks are new, and those this refresh brought (badge, notifications). */
  onPicks?: (count: number, fresh: FeedItem[]) => void;
  limits?: FetchLimits;
}

/**
 * Feeds the person follows: added by address, fetched when added and then on a schedule, their new items
 * deduplicated and scored (./feeds-score) and stored with the feed's new state in one transaction, so a worker
 * stopped mid-refresh either stored a refresh whole or not at all, and `resume` runs it again.
 */
export function createFeeds(ctx: ServiceContext, feedDeps: FeedDeps | undefined, saveToQueue: (item: QueueInput) => Promise<QueueItem>) {
  const { db } = ctx;
  /** Refreshes running now, by feed id: a second request joins the first. */
  const running = new Map<string, Promise<FeedRow | undefined>>();

  const deps = (): FeedDeps => {
    if (!feedDeps) throw new CuratorError('internal', t('feeds_unavailable'));
    return feedDeps;
  };

  async function settle(id: string, change: Partial<FeedRow>): Promise<FeedRow | undefined> {
    await db.feeds.update(id, { ...change, refreshingSince: null, lastFetchedAt: ctx.now() });
    return db.feeds.get(id);
  }

  async function tellPicks(fresh: FeedItem[]): Promise<void> {
    if (!feedDeps?.onPicks) return;
    feedDeps.onPicks(await countStrongPicks(db), fresh);
  }

  async function refreshOnce(id: string): Promise<FeedRow | undefined> {
    const { fetch, canFetch, limits = FEED_LIMITS } = deps();
    const feed = await db.feeds.get(id);
    if (!feed) return undefined;
    if (!(await canFetch(feed.url))) return settle(id, { state: 'permission', detail: '' });
    await db.feeds.update(id, { refreshingSince: ctx.now() });
    const got = await fetchFeed(fetch, feed.url, { etag: feed.etag, lastModified: feed.lastModified }, limits);
    if (got.kind === 'failed') return settle(id, { state: got.state, detail: got.detail });
    if (got.kind === 'not-modified') return settle(id, { state: 'ok', detail: '' });
    const parsed = parseFeed(got.text, feed.url);
    if (!parsed.ok) return settle(id, { state: 'not-a-feed', detail: '' });
    const now = ctx.now();
    const candidates = parsed.entries
      .filter((e) => (e.publishedAt ?? now) >= now - FEED_ITEM_MAX_AGE_MS)
      .map((e) => ({ entry: e, probe: { key: feedItemKey(id, e.guid), url: e.url, dedupeKey: feedKey(e.url), simhash: simhash(`${e.title} ${e.summary}`) } }));
    const fresh: typeof candidates = [];
    for (const c of candidates) if (!(await alreadySeen(db, c.probe))) fresh.push(c);
    const scores = await scoreFeedEntries(
      ctx,
      fresh.map((c) => c.entry),
    );
    const rows = fresh.map((c, i) => newFeedItem(id, c.entry, { fetchedAt: now, simhash: c.probe.simhash, scores: scores[i] ?? [] }));
    // The items and the feed's validators together: a refresh stopped before this point stored nothing, and the
    // next one asks again without validators that would hide what it never stored.
    const added = await db.transaction('rw', db.feeds, db.feedItems, db.queue, async () => {
      if (!(await db.feeds.get(id))) return [];
      const kept: FeedItem[] = [];
      for (const row of rows) if (!(await alreadySeen(db, row))) kept.push(row);
      await db.feedItems.bulkPut(kept);
      await pruneFeedItems(db, now);
      const itemCount = await db.feedItems.where('feedId').equals(id).count();
      await db.feeds.update(id, {
        state: 'ok',
        detail: '',
        title: parsed.title || feed.title,
        etag: got.etag,
        lastModified: got.lastModified,
        lastFetchedAt: now,
        itemCount,
        refreshingSince: null,
      });
      return kept;
    });
    await tellPicks(added);
    return db.feeds.get(id);
  }

  /** Refreshes one feed; a refresh of the same feed already running is joined. A failure becomes the feed's state. */
  function refresh(id: string): Promise<FeedRow | undefined> {
    const current = running.get(id);
    if (current) return current;
    const run = refreshOnce(id)
      .catch(async (err: unknown) => {
        const e = ctx.storageFailure(err);
        await db.feeds.update(id, { refreshingSince: null }).catch(ignored('feeds'));
        throw e;
      })
      .finally(() => running.delete(id));
    running.set(id, run);
    return run;
  }

  /** Every feed, one after the other; one failing never stops the others. */
  async function refreshAll(): Promise<number> {
    let done = 0;
    for (const feed of await db.feeds.toArray()) {
      const ok = await refresh(feed.id).catch(ignored('feeds'));
      if (ok) done++;
    }
    return done;
  }

  /** At the worker's start: refreshes a stopped worker left half done, and keeps the schedule in place. */
  async function resume(): Promise<void> {
    if (!feedDeps) return;
    const feeds = await db.feeds.toArray();
    if (feeds.length === 0) return;
    await feedDeps.schedule((await readSettings(db)).feeds.intervalMinutes);
    for (const feed of feeds.filter((f) => f.refreshingSince !== null)) await refresh(feed.id).catch(ignored('feeds'));
    await tellPicks([]);
  }

  /** Follows the feeds of an imported persona pack that are not followed yet; they are fetched in the background. Returns how many. */
  async function follow(list: readonly { url: string; title?: string | undefined }[]): Promise<number> {
    const added = await db.transaction('rw', db.feeds, db.kv, async () => {
      const rows: FeedRow[] = [];
      for (const { url, title } of list) {
        if (!isHttpUrl(url) || (await db.feeds.where('key').equals(feedKey(url)).first()) || rows.some((r) => r.key === feedKey(url))) continue;
        rows.push(newFeedRow(url, ctx.now(), title));
      }
      await db.feeds.bulkAdd(rows);
      if (rows.length) await putKv(db, KEYS.feedsChanged, ctx.now());
      return rows;
    });
    if (added.length && feedDeps) void resume().catch(ignored('feeds'));
    return added.length;
  }

  async function reschedule(): Promise<void> {
    const count = await db.feeds.count();
    await deps().schedule(count ? (await readSettings(db)).feeds.intervalMinutes : null);
  }

  async function itemFor(key: string): Promise<FeedItem> {
    const item = await db.feedItems.get(key);
    if (!item) throw new CuratorError('not-found', t('feeds_item_gone'));
    return item;
  }

  const handlers: Pick<Handlers, 'feeds.add' | 'feeds.remove' | 'feeds.refresh' | 'feeds.setInterval' | 'feeds.dismiss' | 'feeds.curate'> = {
    'feeds.add': async ({ url }) => {
      if (!isHttpUrl(url)) throw new CuratorError('invalid', t('feeds_bad_address'));
      const feed = await db.transaction('rw', db.feeds, db.kv, async () => {
        const existing = await db.feeds.where('key').equals(feedKey(url)).first();
        if (existing) return existing;
        const row = newFeedRow(url, ctx.now());
        await db.feeds.add(row);
        await putKv(db, KEYS.feedsChanged, ctx.now());
        return row;
      });
      await reschedule();
      return (await refresh(feed.id)) ?? feed;
    },
    'feeds.remove': async ({ id }) => {
      const removed = await db.transaction('rw', db.feeds, db.feedItems, db.kv, async () => {
        const had = await db.feeds.get(id);
        await db.feedItems.where('feedId').equals(id).delete();
        await db.feeds.delete(id);
        if (had) await putKv(db, KEYS.feedsChanged, ctx.now());
        return Boolean(had);
      });
      await reschedule();
      await tellPicks([]);
      return { removed };
    },
    'feeds.refresh': async ({ id }) => {
      if (id) return { refreshed: (await refresh(id)) ? 1 : 0 };
      return { refreshed: await refreshAll() };
    },
    'feeds.setInterval': async ({ minutes }) => {
      const next = await updateSettings(db, (s) => ({ ...s, feeds: { intervalMinutes: minutes } }));
      await reschedule();
      return next.feeds;
    },
    'feeds.dismiss': async ({ key }) => {
      const dismissed = (await db.feedItems.update(key, { status: 'dismissed' })) > 0;
      await tellPicks([]);
      return { dismissed };
    },
    'feeds.curate': async ({ key, personaId }) => {
      const item = await itemFor(key);
      const pick = (personaId ? item.scores.find((s) => s.personaId === personaId) : item.pick) ?? null;
      // Queued unread, as a context-menu link is: filled in when the person opens and curates the article.
      const queued = await saveToQueue({
        url: item.url,
        title: item.title || item.url,
        siteName: item.siteName,
        personaId: pick?.personaId ?? null,
        personaName: pick?.name ?? null,
        score: pick?.score ?? null,
        quote: '',
        source: 'feed',
      });
      await db.feedItems.update(key, { status: 'curated' });
      await tellPicks([]);
      return queued;
    },
  };

  return { handlers, refresh, refreshAll, resume, follow };
}

export type Feeds = ReturnType<typeof createFeeds>;
