import { z } from '../util/zod';
import { t } from '../i18n/i18n';
import type { QueueItem } from '../store/schema';
import type { FeedRow } from '../store/feeds';
import { FEED_INTERVAL } from '../store/schema';

const id = z.string().min(1).max(100);
/** A feed item's key: the feed's id and the item's guid (bounded when parsed). */
const itemKey = z.string().min(3).max(700);

/** The feed messages (lib/background/services/feeds), part of the one catalogue in ./requests. */
export const FeedRequests = {
  /** Follow a feed by address (the view has asked for its origin's permission in the person's click). */
  'feeds.add': z.object({
    url: z
      .string()
      .trim()
      .max(2_000)
      .refine(
        (u) => {
          try {
            const p = new URL(u).protocol;
            return p === 'http:' || p === 'https:';
          } catch {
            // Not an address: refused with the message below.
            return false;
          }
        },
        { error: () => t('feeds_bad_address') },
      ),
  }),
  'feeds.remove': z.object({ id }),
  /** Fetch one feed now, or every feed. */
  'feeds.refresh': z.object({ id: id.optional() }),
  'feeds.setInterval': z.object({ minutes: z.number().int().min(FEED_INTERVAL.min).max(FEED_INTERVAL.max) }),
  /** Never suggest this item again. */
  'feeds.dismiss': z.object({ key: itemKey }),
  /** Queue the item's article unread, for its best persona or the one named. */
  'feeds.curate': z.object({ key: itemKey, personaId: id.optional() }),
} as const;

export interface FeedResponses {
  'feeds.add': FeedRow;
  'feeds.remove': { removed: boolean };
  'feeds.refresh': { refreshed: number };
  'feeds.setInterval': { intervalMinutes: number };
  'feeds.dismiss': { dismissed: boolean };
  'feeds.curate': QueueItem;
}
