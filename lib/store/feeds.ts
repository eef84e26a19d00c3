import { z } from '../util/zod';
import { newId } from '../util/hash';
import { dedupeKey } from '../util/url';

/**
 * Feeds the person follows (Dexie table "feeds") and the items they brought (table "feedItems"): the only place
 * their rows are built. Nothing here fetches or scores (lib/background/services/feeds*).
 */

/** What a feed's last refresh came to, said in plain words by the views. */
export const FeedStateSchema = z.enum(['new', 'ok', 'unreachable', 'not-a-feed', 'too-large', 'permission']);
export type FeedState = z.infer<typeof FeedStateSchema>;

export const FeedRowSchema = z.object({
  id: z.string(),
  /** The address as the person gave it (http or https). */
  url: z.string(),
  /** The normalised address: the same feed is followed once. */
  key: z.string(),
  title: z.string(),
  addedAt: z.number(),
  state: FeedStateSchema,
  /** The HTTP status or error behind an "unreachable" state, for the tooltip. */
  detail: z.string(),
  lastFetchedAt: z.number().nullable(),
  /** Items kept from this feed after the last refresh. */
  itemCount: z.number().int().min(0),
  /** Validators of the last full answer, sent back as If-None-Match / If-Modified-Since. */
  etag: z.string().nullable(),
  lastModified: z.string().nullable(),
  /** Set when a refresh starts, cleared in the transaction that stores its items: a worker stopped between resumes it. */
  refreshingSince: z.number().nullable(),
});
export type FeedRow = z.infer<typeof FeedRowSchema>;

/** A persona's pick of an item: the best persona, with its score and whether it is "Post this". */
export const FeedPickSchema = z.object({ personaId: z.string(), name: z.string(), score: z.number(), suggested: z.boolean() });
export type FeedPick = z.infer<typeof FeedPickSchema>;

/** new: shown; dismissed and curated: never suggested again. */
export const FeedItemStatusSchema = z.enum(['new', 'dismissed', 'curated']);

export const FeedItemSchema = z.object({
  /** feed id + "|" + the item's guid: a refresh run twice writes the same rows. */
  key: z.string(),
  feedId: z.string(),
  guid: z.string(),
  url: z.string(),
  /** The queue's address key (lib/util/url dedupeKey): an article already queued or seen is not brought again. */
  dedupeKey: z.string(),
  title: z.string(),
  summary: z.string(),
  siteName: z.string(),
  publishedAt: z.number().nullable(),
  fetchedAt: z.number(),
  /** What the 30-day bound reads: the item's date, or when it was first fetched. */
  at: z.number(),
  simhash: z.string().nullable(),
  status: FeedItemStatusSchema,
  /** The best persona's pick (null: no enabled persona when it was scored). */
  pick: FeedPickSchema.nullable(),
  /** Every enabled persona's score, best first (the side panel groups by persona). */
  scores: z.array(FeedPickSchema),
});
export type FeedItem = z.infer<typeof FeedItemSchema>;

/** Items older than this are dropped, and not stored when a feed still lists them. */
export const FEED_ITEM_MAX_AGE_MS = 30 * 86_400_000;
/** Items kept in all, the newest; older ones are dropped. */
export const MAX_FEED_ITEMS = 5_000;

export function feedKey(url: string): string {
  return dedupeKey(url);
}

/** A feed just added: nothing fetched yet. */
export function newFeedRow(url: string, at: number, title = ''): FeedRow {
  return {
    id: newId(),
    url,
    key: feedKey(url),
    title: title || new URL(url).hostname,
    addedAt: at,
    state: 'new',
    detail: '',
    lastFetchedAt: null,
    itemCount: 0,
    etag: null,
    lastModified: null,
    // Due at once: a worker stopped before the first refresh ran resumes it (lib/background/services/feeds `resume`).
    refreshingSince: at,
  };
}

export function feedItemKey(feedId: string, guid: string): string {
  return `${feedId}|${guid}`;
}

/** A new item from a feed, with its scores. */
export function newFeedItem(
  feedId: string,
  entry: { guid: string; url: string; title: string; summary: string; publishedAt: number | null },
  input: { fetchedAt: number; simhash: string | null; scores: FeedPick[] },
): FeedItem {
  const ranked = [...input.scores].sort((a, b) => b.score - a.score);
  return {
    key: feedItemKey(feedId, entry.guid),
    feedId,
    guid: entry.guid,
    url: entry.url,
    dedupeKey: dedupeKey(entry.url),
    title: entry.title,
    summary: entry.summary,
    siteName: new URL(entry.url).hostname,
    publishedAt: entry.publishedAt,
    fetchedAt: input.fetchedAt,
    // A date in the future (a feed's clock or typo) counts as now, so it cannot outlive the bound.
    at: Math.min(entry.publishedAt ?? input.fetchedAt, input.fetchedAt),
    simhash: input.simhash,
    status: 'new',
    pick: ranked[0] ?? null,
    scores: ranked,
  };
}
