import { applyDelta, emptyStats, fromStored, parseDelta, storedRev, toStored, type CorpusStats, type PageDelta } from '../../core/score';
import { newId } from '../../util/hash';
import type { CuratorDb } from '../../store/db';
import { getKv, KEYS, putKv } from '../../store/kv';
import { isHead, type CorpusHead } from '../../store/corpus';

/**
 * How the curator stores the corpus statistics (document frequencies, reading profiles), so that storing a page
 * costs what the page holds, not what was learned before it (docs/performance.md, issue 11 item 7a):
 * - kv "corpusSnapshot": the statistics as of some page (lib/core/score/stats `StoredStats`), rewritten only
 *   every COMPACT_EVERY pages, and when something other than a page changes them (a persona edited,
 *   deleted or told to forget);
 * - the `corpusLog` table: one row per page counted since, holding only that page's delta (lib/core/score/delta);
 * - kv "corpusStats": a small head naming the snapshot (`rev`), the pages folded into it (`base`, a log
 *   sequence number) and the last page logged (`seq`), with the page count for tools and tests.
 * The rows and the schema upgrade live in lib/store/corpus.ts (the store never loads the scorer); this module
 * decodes and encodes them with lib/core/score.
 * A reader that holds the decoded statistics at (rev, seq) reads the head and only the rows logged since.
 * Every function here runs inside the caller's transaction, which must cover db.kv and db.corpusLog.
 */

/** Pages logged before the statistics are rewritten whole (amortised: the rewrite costs about as much as this many page rows). */
export const COMPACT_EVERY = 200;

/** Where a decoded copy of the statistics stands: equal positions mean equal statistics. */
export interface CorpusAt {
  rev: string;
  base: number;
  seq: number;
}

/**
 * The stored statistics, decoded. `copy` is a decoded copy the caller holds (its own last write): when
 * the head says it is still current, or only pages were logged since, it is brought up to date with
 * those pages and returned (changed in place), and nothing else is read. `at` is null when the
 * statistics are not in this form (none stored, an older form, or the head deleted): the next write
 * must then be a snapshot.
 */
export async function readCorpus(db: CuratorDb, copy?: { at: CorpusAt; stats: CorpusStats } | null): Promise<{ stats: CorpusStats; at: CorpusAt | null }> {
  const head = await getKv(db, KEYS.corpusHead);
  if (!isHead(head)) return { stats: fromStored(head), at: null };
  let stats: CorpusStats;
  let from: number;
  if (copy && copy.at.rev === head.rev && copy.at.seq <= head.seq) {
    stats = copy.stats;
    from = copy.at.seq;
  } else {
    const snapshot = await getKv(db, KEYS.corpusSnapshot);
    // A snapshot that is not the one the head names (damaged, or written by hand): start afresh rather than count pages twice.
    stats = storedRev(snapshot) === head.rev ? fromStored(snapshot) : emptyStats();
    from = head.base;
  }
  if (head.seq > from) {
    const rows = await db.corpusLog.where('seq').between(from, head.seq, false, true).toArray();
    for (const row of rows) {
      const delta = parseDelta(row.delta);
      if (delta) applyDelta(stats, delta);
    }
  }
  return { stats, at: { rev: head.rev, base: head.base, seq: head.seq } };
}

/** The stored statistics, decoded, in a transaction of their own: for tools and tests. */
export async function storedCorpus(db: CuratorDb): Promise<CorpusStats> {
  return (await db.transaction('r', db.kv, db.corpusLog, () => readCorpus(db))).stats;
}

/** Writes the statistics whole and drops the page log they now contain. */
export async function writeSnapshot(db: CuratorDb, stats: CorpusStats, at: CorpusAt | null): Promise<CorpusAt> {
  const rev = newId();
  // Without a head, rows may remain from before it went: they are dropped here, and the next row numbered after them.
  const seq = at?.seq ?? ((await db.corpusLog.orderBy('seq').lastKey()) as number | undefined) ?? 0;
  await putKv(db, KEYS.corpusSnapshot, toStored(stats, rev));
  await db.corpusLog.clear();
  await putHead(db, { v: 3, rev, base: seq, seq, docs: stats.docs, totalTerms: stats.totalTerms });
  return { rev, base: seq, seq };
}

/**
 * Stores one page's learning: a log row as big as the page, and the head. `stats` already holds the page
 * (it is what a snapshot writes, every COMPACT_EVERY pages or when `at` is null).
 */
export async function appendPage(db: CuratorDb, at: CorpusAt | null, stats: CorpusStats, delta: PageDelta): Promise<CorpusAt> {
  if (!at || at.seq - at.base >= COMPACT_EVERY) return writeSnapshot(db, stats, at);
  const seq = await db.corpusLog.add({ delta });
  await putHead(db, { v: 3, rev: at.rev, base: at.base, seq, docs: stats.docs, totalTerms: stats.totalTerms });
  return { rev: at.rev, base: at.base, seq };
}

function putHead(db: CuratorDb, head: CorpusHead): Promise<unknown> {
  return putKv(db, KEYS.corpusHead, head);
}
