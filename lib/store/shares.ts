import { z } from '../util/zod';
import { TARGET_IDS } from '../core/handoff/targets';
import type { ShareTally } from '../core/impact/join';
import type { CuratorDb } from './db';

/** Where a draft went: a target's link, the Copy buttons (and the copy shortcut), the quote card, or a bulk export. */
export const SHARE_NETWORKS = [...TARGET_IDS, 'copy', 'card', 'export'] as const;
export const ShareNetworkSchema = z.enum(SHARE_NETWORKS);
export type ShareNetwork = z.infer<typeof ShareNetworkSchema>;

/** One handoff, recorded at the moment the person used it (Dexie table "shares"). Nothing is sent anywhere. */
export const ShareRecordSchema = z.object({
  id: z.string(),
  at: z.number(),
  personaId: z.string().nullable(),
  personaName: z.string(),
  /** The utm_campaign the link carried: the persona's slug at the time (a rename later keeps its visits). */
  campaign: z.string(),
  network: ShareNetworkSchema,
  /** The link as handed off: tagged with UTM parameters unless the person turned tagging off. */
  url: z.string(),
  /** The article's own address. */
  articleUrl: z.string(),
  title: z.string(),
  /** The queue item marked shared with it, when the article is in the queue. */
  queueId: z.string().nullable(),
  /** A row of a bulk export (Hootsuite, CSV, JSON) rather than a link the person opened. */
  exported: z.boolean(),
});
export type ShareRecord = z.infer<typeof ShareRecordSchema>;
export type ShareInput = Omit<ShareRecord, 'id' | 'at' | 'queueId'> & { queueId?: string | null };

/** The log counted per persona, campaign, network and week (Dexie table "shareTally", key lib/core/impact/join `tallyKey`). */
export type ShareTallyRow = ShareTally & { key: string };

/** The last share of each of these queue items, and how many there were: the queue shows where and when. */
export async function sharesOfItems(db: CuratorDb, ids: readonly string[]): Promise<Map<string, { last: ShareRecord; count: number }>> {
  const rows = await db.shares
    .where('queueId')
    .anyOf([...ids])
    .toArray();
  const out = new Map<string, { last: ShareRecord; count: number }>();
  for (const r of rows) {
    const had = out.get(r.queueId!);
    out.set(r.queueId!, { last: had && had.last.at > r.at ? had.last : r, count: (had?.count ?? 0) + 1 });
  }
  return out;
}
