import type { CuratorDb } from '../../store/db';
import { FEED_ITEM_MAX_AGE_MS, MAX_FEED_ITEMS, type FeedItem } from '../../store/feeds';
import { sameArticle } from '../../store/queue';
import { hamming, NEAR_DUPLICATE_BITS } from '../../util/simhash';
import { sameSite } from '../../util/site';

/** Recent feed items compared by text fingerprint with a new one (as the queue compares its recent items). */
export const FEED_NEAR_DUPLICATE_SCAN = 1_000;

/**
 * Whether a feed item is news to the person: not the same article as one queued (the queue's own rule: the same
 * address once normalised, or near-identical text on the same site), nor as an item any feed brought before,
 * whatever became of it (shown, dismissed, curated). Inside or outside a transaction covering db.queue and db.feedItems.
 */
export async function alreadySeen(db: CuratorDb, item: Pick<FeedItem, 'key' | 'url' | 'dedupeKey' | 'simhash'>): Promise<boolean> {
  if (await db.feedItems.get(item.key)) return true;
  if (await db.feedItems.where('dedupeKey').equals(item.dedupeKey).first()) return true;
  if (await sameArticle(db, { url: item.url, simhash: item.simhash })) return true;
  if (!item.simhash) return false;
  const print = item.simhash;
  const near = await db.feedItems
    .orderBy('at')
    .reverse()
    .limit(FEED_NEAR_DUPLICATE_SCAN)
    .filter((f) => Boolean(f.simhash) && hamming(f.simhash!, print) <= NEAR_DUPLICATE_BITS && sameSite(f.url, item.url))
    .first();
  return Boolean(near);
}

/**
 * The bounds, inside the caller's transaction covering db.feedItems: items dated more than 30 days ago go, then
 * the oldest past 5,000 in all. Returns how many went.
 */
export async function pruneFeedItems(db: CuratorDb, now: number): Promise<number> {
  let dropped = await db.feedItems
    .where('at')
    .below(now - FEED_ITEM_MAX_AGE_MS)
    .delete();
  const over = (await db.feedItems.count()) - MAX_FEED_ITEMS;
  if (over > 0) {
    const oldest = await db.feedItems.orderBy('at').limit(over).primaryKeys();
    await db.feedItems.bulkDelete(oldest);
    dropped += oldest.length;
  }
  return dropped;
}

/** Strong picks not yet dismissed or curated, for a persona still on: what the toolbar badge counts (the side panel lists the same). */
export async function countStrongPicks(db: CuratorDb): Promise<number> {
  const enabled = new Set((await db.personas.toArray()).filter((p) => p.enabled).map((p) => p.id));
  return db.feedItems
    .where('status')
    .equals('new')
    .filter((i) => Boolean(i.pick?.suggested) && enabled.has(i.pick!.personaId))
    .count();
}
