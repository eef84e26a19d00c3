import type { ReadingProfile } from './learn';
import { TermTable, type StoredTerms } from './terms';

/**
 * Document-frequency statistics of the pages the scorer has already seen.
 * They carry no labels: only how many pages contained each term, which is
 * what lets a rare, telling word outweigh a common one.
 */
export interface CorpusStats {
  /** Pages observed. */
  docs: number;
  /** Sum of page lengths in terms, for BM25's average length. */
  totalTerms: number;
  /** Term → number of pages that contained it. */
  df: TermTable;
  /** Self-training: per persona (keyed by its seed text), the pages read that matched it with confidence. */
  reading?: Record<string, ReadingProfile>;
}

/**
 * Distinct terms `df` holds at most: past it, the rarest go, down to DF_PRUNE_TO (one pass every few
 * thousand new terms, not every page). The statistics are stored with every new page, so their size is
 * a cost on every page; a term seen in a handful of pages carries little IDF signal.
 */
export const MAX_DF_TERMS = 20_000;
const DF_PRUNE_TO = 16_000;

export function emptyStats(): CorpusStats {
  return { docs: 0, totalTerms: 0, df: new TermTable() };
}

/** Adds one page to the statistics, in place, so a run over thousands of pages stays linear. */
export function observeInPlace(stats: CorpusStats, pageTerms: readonly string[]): void {
  observeDistinct(stats, [...new Set(pageTerms)], pageTerms.length);
}

/** Adds one page given its distinct terms and its length: what a stored page delta holds (lib/core/score/delta). */
export function observeDistinct(stats: CorpusStats, distinct: readonly string[], length: number): void {
  for (const term of distinct) stats.df.add(term, 1);
  stats.docs += 1;
  stats.totalTerms += length;
  if (stats.df.size > MAX_DF_TERMS) stats.df.keepLargest(DF_PRUNE_TO);
}

/** A dampened IDF: with no history every term weighs the same, and never below ln 2. */
export function idf(stats: CorpusStats, term: string): number {
  const n = stats.df.get(term);
  return Math.log(1 + (stats.docs + 1) / (n + 0.5));
}

export function averageLength(stats: CorpusStats): number {
  return stats.docs > 0 ? Math.max(50, stats.totalTerms / stats.docs) : 400;
}

/** The statistics as stored (kv "corpusStats"): `rev` changes with every write, so a reader can tell its copy is current. */
export interface StoredStats {
  v: 2;
  rev: string;
  docs: number;
  totalTerms: number;
  df: StoredTerms;
  reading: Record<string, { n: number; sq: number; mass: number; terms: StoredTerms; counts: StoredTerms | null }>;
}

export function toStored(stats: CorpusStats, rev: string): StoredStats {
  const reading: StoredStats['reading'] = {};
  for (const [key, p] of Object.entries(stats.reading ?? {})) {
    reading[key] = { n: p.n, sq: p.sq ?? p.terms.sumOfSquares(), mass: p.mass ?? 0, terms: p.terms.toStored(), counts: p.counts ? p.counts.toStored() : null };
  }
  return { v: 2, rev, docs: stats.docs, totalTerms: stats.totalTerms, df: stats.df.toStored(), reading };
}

const num = (x: unknown, fallback = 0) => (typeof x === 'number' && Number.isFinite(x) && x >= 0 ? x : fallback);

/** Reads stored statistics back: this form, or the plain objects saved before it. Anything damaged reads as no history. */
export function fromStored(value: unknown): CorpusStats {
  if (!value || typeof value !== 'object') return emptyStats();
  const v = value as { docs?: unknown; totalTerms?: unknown; df?: unknown; reading?: unknown };
  if (typeof v.docs !== 'number') return emptyStats();
  const stats: CorpusStats = { docs: num(v.docs), totalTerms: num(v.totalTerms), df: TermTable.fromStored(v.df) };
  if (v.reading && typeof v.reading === 'object') {
    stats.reading = {};
    for (const [key, raw] of Object.entries(v.reading as Record<string, unknown>)) {
      if (!raw || typeof raw !== 'object') continue;
      const p = raw as { n?: unknown; sq?: unknown; mass?: unknown; terms?: unknown; counts?: unknown };
      const terms = TermTable.fromStored(p.terms);
      stats.reading[key] = { n: num(p.n), terms, sq: terms.sumOfSquares(), ...(p.counts ? { counts: TermTable.fromStored(p.counts), mass: num(p.mass) } : {}) };
    }
  }
  return stats;
}

/** The revision of stored statistics, or null for none or an older form. */
export function storedRev(value: unknown): string | null {
  const rev = (value as { rev?: unknown } | null | undefined)?.rev;
  return typeof rev === 'string' ? rev : null;
}
