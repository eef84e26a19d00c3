import type { ReadingProfile } from './learn';

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
  df: Record<string, number>;
  /** Self-training: per persona (keyed by its seed text), the pages read that matched it with confidence. */
  reading?: Record<string, ReadingProfile>;
}

/** Above this many distinct terms, the terms seen once are dropped. */
const MAX_TERMS = 60_000;

/**
 * Reads a count from a term-keyed record. Terms come from pages, and a plain
 * object answers "constructor" from its prototype (a function, so NaN
 * downstream): only own properties count.
 */
export function countOf(record: Record<string, number>, term: string): number {
  return Object.hasOwn(record, term) ? (record[term] ?? 0) : 0;
}

export function emptyStats(): CorpusStats {
  return { docs: 0, totalTerms: 0, df: {} };
}

/** Adds one page to the statistics, in place, so a run over thousands of pages stays linear. */
export function observeInPlace(stats: CorpusStats, pageTerms: readonly string[]): void {
  for (const term of new Set(pageTerms)) stats.df[term] = countOf(stats.df, term) + 1;
  stats.docs += 1;
  stats.totalTerms += pageTerms.length;
  if (Object.keys(stats.df).length > MAX_TERMS) {
    for (const [t, n] of Object.entries(stats.df)) if (n <= 1) delete stats.df[t];
  }
}

/** A dampened IDF: with no history every term weighs the same, and never below ln 2. */
export function idf(stats: CorpusStats, term: string): number {
  const n = countOf(stats.df, term);
  return Math.log(1 + (stats.docs + 1) / (n + 0.5));
}

export function averageLength(stats: CorpusStats): number {
  return stats.docs > 0 ? Math.max(50, stats.totalTerms / stats.docs) : 400;
}
