import { addToReading } from './learn';
import { observeDistinct, type CorpusStats } from './stats';

/**
 * What one page taught the statistics, and nothing else: its distinct terms (each counted once in the
 * document frequencies), its length, and, when self-training read it into a persona's profile, that
 * profile's key and the page's vector. Applying it is how a page is learned, live and when stored pages
 * are read back, so both give the same statistics. It is as big as the page, however much was learned:
 * the curator stores one per page instead of rewriting everything (lib/background/services/corpus-store.ts).
 */
export interface PageDelta {
  /** The page's distinct terms, in the order first seen. */
  terms: string[];
  /** Each term's count on the page (title counts boosted), in the order of `terms`. */
  tf: Float64Array;
  /** The page's length in terms (for BM25's average length). */
  length: number;
  /** Self-training: the seed key of the profile the page joined, and its weight for each of `terms`. */
  read?: { key: string; weights: Float64Array };
}

/** Counts the page in the document frequencies. */
export function observePage(stats: CorpusStats, delta: PageDelta): void {
  observeDistinct(stats, delta.terms, delta.length);
}

/** Reads the page into the profile `delta.read` names, if any. */
export function readPage(stats: CorpusStats, delta: PageDelta): void {
  const read = delta.read;
  if (!read) return;
  const vector = new Map(delta.terms.map((term, i) => [term, read.weights[i]!] as const));
  const tf = new Map(delta.terms.map((term, i) => [term, delta.tf[i]!] as const));
  stats.reading ??= {};
  stats.reading[read.key] = addToReading(Object.hasOwn(stats.reading, read.key) ? stats.reading[read.key] : undefined, vector, 1, tf);
}

/** Learns a stored page again: the same steps, in the same order, as when it was first scored. */
export function applyDelta(stats: CorpusStats, delta: PageDelta): void {
  observePage(stats, delta);
  readPage(stats, delta);
}

/** A stored delta read back, or null when it is damaged (it is then skipped: one page's counts lost, not the rest). */
export function parseDelta(value: unknown): PageDelta | null {
  if (!value || typeof value !== 'object') return null;
  const d = value as Partial<PageDelta>;
  if (!Array.isArray(d.terms) || !d.terms.every((term) => typeof term === 'string')) return null;
  if (!(d.tf instanceof Float64Array) || d.tf.length !== d.terms.length || typeof d.length !== 'number' || !Number.isFinite(d.length)) return null;
  const read = d.read;
  if (read !== undefined && (typeof read?.key !== 'string' || !(read.weights instanceof Float64Array) || read.weights.length !== d.terms.length)) return null;
  return { terms: d.terms, tf: d.tf, length: d.length, ...(read ? { read } : {}) };
}
