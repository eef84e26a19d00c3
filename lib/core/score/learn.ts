import { resolveLanguage } from '../text/language';
import { tokenize } from '../text/tokenize';
import { idf, type CorpusStats } from './stats';
import { TermTable } from './terms';

/** A sparse unit vector over terms. */
export type TermVector = Map<string, number>;

/** A page or example as the scorer learns from it: sublinear tf × IDF, L2-normalised. */
export function termVector(tf: ReadonlyMap<string, number>, stats: CorpusStats): TermVector {
  const v: TermVector = new Map();
  let norm = 0;
  for (const [term, count] of tf) {
    if (count <= 0) continue;
    const w = (1 + Math.log(count)) * idf(stats, term);
    v.set(term, w);
    norm += w * w;
  }
  norm = Math.sqrt(norm) || 1;
  for (const [term, w] of v) v.set(term, w / norm);
  return v;
}

export function termCounts(text: string, language?: string | null): Map<string, number> {
  const lang = resolveLanguage(language ?? null, text);
  const tf = new Map<string, number>();
  for (const { term } of tokenize(text, lang)) tf.set(term, (tf.get(term) ?? 0) + 1);
  return tf;
}

/** Sums unit vectors and normalises the result: the direction of a set of pages. */
export function centroid(vectors: readonly TermVector[], maxTerms = 4_000): TermVector | null {
  if (vectors.length === 0) return null;
  const sum = new Map<string, number>();
  for (const v of vectors) for (const [term, w] of v) sum.set(term, (sum.get(term) ?? 0) + w);
  return normalise(sum, maxTerms);
}

/** Keeps the strongest terms and scales to unit length. */
export function normalise(weights: ReadonlyMap<string, number> | Record<string, number>, maxTerms = 4_000): TermVector | null {
  let entries = weights instanceof Map ? [...weights] : Object.entries(weights);
  entries = entries.filter(([, w]) => w > 0);
  if (entries.length > maxTerms) entries = entries.sort((a, b) => b[1] - a[1]).slice(0, maxTerms);
  const norm = Math.sqrt(entries.reduce((s, [, w]) => s + w * w, 0));
  if (!norm) return null;
  return new Map(entries.map(([term, w]) => [term, w / norm]));
}

/** A unit-length direction over terms, read one term at a time. */
export interface Direction {
  weight(term: string): number;
}

export function mapDirection(v: TermVector | null): Direction | null {
  return v ? { weight: (term) => v.get(term) ?? 0 } : null;
}

/** What a persona has learned, each part optional. */
export interface LearnedSignals {
  /** Direction of the examples the person gave (curated, thumbs up). */
  examples?: Direction | null;
  /** Direction of the examples the person turned down (thumbs down). */
  negatives?: Direction | null;
  /** Direction of pages read that matched this persona with confidence (self-training, no labels). */
  reading?: Direction | null;
  /** The mean of the other personas' reading directions: evidence against this one. */
  others?: Direction | null;
  /**
   * Naive Bayes evidence, per term: log P(term | this persona) − log P(term | the other personas),
   * from the pages each persona read (pseudo-labels) and its examples. Null for a term no model has seen.
   */
  evidence?: ((term: string) => number | null) | null;
}

/**
 * Self-training memory, kept with the corpus statistics: for each persona
 * (keyed by its seed text, so an edit starts afresh) the sum of the unit
 * vectors of pages that matched it with confidence, and how many.
 */
export interface ReadingProfile {
  n: number;
  terms: TermTable;
  /** Sum of squares of `terms`, kept up to date so the direction never needs a full pass. */
  sq?: number;
  /**
   * Term model for the Naive Bayes evidence: per term, the sum over the pages read of log(1 + tf)
   * (dampened counts, Rennie et al. 2003). Pruned with `terms`; absent in stats saved before it existed.
   */
  counts?: TermTable;
  /** Total of `counts` before pruning: the multinomial's denominator. */
  mass?: number;
}

/** The profile's direction, without copying it: each term's weight divided by the profile's length. */
export function readingDirection(p: ReadingProfile): Direction | null {
  const sq = p.sq ?? p.terms.sumOfSquares();
  p.sq = sq;
  const norm = Math.sqrt(sq);
  return norm > 0 ? { weight: (term) => p.terms.get(term) / norm } : null;
}

/**
 * Terms a reading profile holds at most, in its direction and in its counts alike: past it, the weakest
 * go, down to READING_PRUNE_TO (one pass every few hundred new terms, not every page).
 */
export const MAX_READING_TERMS = 3_000;
const READING_PRUNE_TO = 2_400;

/** Brings a profile within MAX_READING_TERMS (one saved before the cap was fixed may hold twice as many). */
export function capReading(p: ReadingProfile): boolean {
  let changed = false;
  if (p.counts && p.counts.size > MAX_READING_TERMS) {
    p.counts.keepLargest(READING_PRUNE_TO);
    changed = true;
  }
  if (p.terms.size > MAX_READING_TERMS) {
    p.terms.keepLargest(READING_PRUNE_TO);
    p.sq = p.terms.sumOfSquares();
    changed = true;
  }
  return changed;
}

/** Dampened counts of one page or example: log(1 + tf). */
export function dampedCounts(tf: ReadonlyMap<string, number>): Map<string, number> {
  const out = new Map<string, number>();
  for (const [term, c] of tf) if (c > 0) out.set(term, Math.log(1 + c));
  return out;
}

export function addToReading(profile: ReadingProfile | undefined, vector: TermVector, weight = 1, tf?: ReadonlyMap<string, number>): ReadingProfile {
  const p = profile ?? { n: 0, terms: new TermTable(), sq: 0 };
  if (tf) {
    const counts = (p.counts ??= new TermTable());
    let mass = p.mass ?? 0;
    for (const [term, c] of dampedCounts(tf)) {
      counts.add(term, c * weight);
      mass += c * weight;
    }
    p.mass = mass;
  }
  let sq = p.sq ?? p.terms.sumOfSquares();
  p.n += 1;
  for (const [term, w] of vector) {
    const old = p.terms.add(term, w * weight);
    const next = old + w * weight;
    sq += next * next - old * old;
  }
  p.sq = sq;
  // Within the cap after every page: what is stored never grows past it.
  capReading(p);
  return p;
}
