import { newId } from '../util/hash';
import { tallyKey, tallyShares } from '../core/impact/join';
import { sameArticle } from './queue';
import type { CuratorDb } from './db';
import type { ShareInput, ShareRecord } from './shares';

// Apart from ./shares because finding the article's item reaches the Public Suffix List (./queue): the views read the
// log through ./shares, and only the background writes it.

/**
 * Records handoffs and marks their queue items shared, in one transaction: a share is never logged without its
 * item's status, nor the other way round. An item is found by id when given, else by its article. The same
 * transaction counts them into the tally the Impact page reads (lib/core/impact/join `ShareTally`).
 */
export async function recordShares(db: CuratorDb, inputs: readonly ShareInput[], at: number): Promise<ShareRecord[]> {
  return db.transaction('rw', db.shares, db.queue, db.shareTally, async () => {
    const out: ShareRecord[] = [];
    for (const input of inputs) {
      const item = input.queueId ? await db.queue.get(input.queueId) : await sameArticle(db, { url: input.articleUrl, simhash: null });
      if (item && item.status !== 'shared') await db.queue.update(item.id, { status: 'shared', updatedAt: at });
      const record: ShareRecord = { ...input, id: newId(), at, queueId: item?.id ?? null };
      await db.shares.add(record);
      out.push(record);
    }
    const counts = tallyShares(out).map((row) => ({ ...row, key: tallyKey(row) }));
    const stored = await db.shareTally.bulkGet(counts.map((row) => row.key));
    await db.shareTally.bulkPut(counts.map((row, i) => ({ ...row, count: row.count + (stored[i]?.count ?? 0) })));
    return out;
  });
}
