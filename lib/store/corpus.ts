import type { PageDelta } from '../core/score/delta';
import { newId } from '../util/hash';
import type { KvRow } from './kv';

/**
 * The rows the corpus statistics are stored in since schema version 4 (lib/background/services/corpus-store.ts
 * reads and writes them): a head in kv "corpusStats", the statistics whole in kv "corpusSnapshot", and
 * one `corpusLog` row per page counted since the snapshot. The store knows their shape, not the scorer.
 */

/** One page's learning, as stored. `seq` comes from the table's key generator: it only grows. */
export interface CorpusLogRow {
  seq: number;
  delta: PageDelta;
}

/** kv "corpusStats" since schema version 4. */
export interface CorpusHead {
  v: 3;
  /** The snapshot's revision (its `rev`): a new one with every snapshot. */
  rev: string;
  /** Log rows up to this sequence number are in the snapshot (and deleted). */
  base: number;
  /** The last page logged. */
  seq: number;
  /** Pages counted, and their length in terms: the snapshot's plus the log's. */
  docs: number;
  totalTerms: number;
}

export function isHead(value: unknown): value is CorpusHead {
  const h = value as Partial<CorpusHead> | null | undefined;
  return Boolean(h) && h!.v === 3 && typeof h!.rev === 'string' && typeof h!.base === 'number' && typeof h!.seq === 'number';
}

/** What the upgrade needs of the kv table (an upgrade transaction's). */
interface KvTable {
  get(key: string): Promise<KvRow | undefined>;
  put(row: KvRow): Promise<unknown>;
}

const count = (x: unknown) => (typeof x === 'number' && Number.isFinite(x) && x >= 0 ? x : 0);

/**
 * Schema version 4's upgrade: the statistics stored whole in kv "corpusStats" (either older form) become
 * the snapshot, as they are (given a revision when they had none), and a head takes their place. Nothing
 * is lost, and nothing is decoded: the scorer reads both forms.
 */
export async function migrateCorpusRow(kv: KvTable, snapshotKey: string, headKey: string): Promise<void> {
  const value = (await kv.get(headKey))?.value;
  if (!value || typeof value !== 'object' || isHead(value)) return;
  const old = value as { rev?: unknown; docs?: unknown; totalTerms?: unknown };
  const rev = typeof old.rev === 'string' ? old.rev : newId();
  await kv.put({ key: snapshotKey, value: { ...old, rev } });
  const head: CorpusHead = { v: 3, rev, base: 0, seq: 0, docs: count(old.docs), totalTerms: count(old.totalTerms) };
  await kv.put({ key: headKey, value: head });
}
