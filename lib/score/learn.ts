import { resolveLanguage } from '../text/language';
import { tokenize } from '../text/tokenize';
import { countOf, idf, type CorpusStats } from './stats';

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
  for (const [t, w] of v) v.set(t, w / norm);
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
  for (const v of vectors) for (const [t, w] of v) sum.set(t, (sum.get(t) ?? 0) + w);
  return normalise(sum, maxTerms);
}

/** Keeps the strongest terms and scales to unit length. */
export function normalise(weights: ReadonlyMap<string, number> | Record<string, number>, maxTerms = 4_000): TermVector | null {
  let entries = weights instanceof Map ? [...weights] : Object.entries(weights);
  entries = entries.filter(([, w]) => w > 0);
  if (entries.length > maxTerms) entries = entries.sort((a, b) => b[1] - a[1]).slice(0, maxTerms);
  const norm = Math.sqrt(entries.reduce((s, [, w]) => s + w * w, 0));
  if (!norm) return null;
  return new Map(entries.map(([t, w]) => [t, w / norm]));
}

/** A unit-length direction over terms, read one term at a time. */
export interface Direction {
  weight(term: string): number;
}

export function mapDirection(v: TermVector | null): Direction | null {
  return v ? { weight: (t) => v.get(t) ?? 0 } : null;
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
  terms: Record<string, number>;
  /** Sum of squares of `terms`, kept up to date so the direction never needs a full pass. */
  sq?: number;
  /**
   * Term model for the Naive Bayes evidence: per term, the sum over the pages read of log(1 + tf)
   * (dampened counts, Rennie et al. 2003). Pruned with `terms`; absent in stats saved before it existed.
   */
  counts?: Record<string, number>;
  /** Total of `counts` before pruning: the multinomial's denominator. */
  mass?: number;
  /** Distinct terms in `counts`, so pruning needs no full pass to know when. */
  size?: number;
}

/** The profile's direction, without copying it: each term's weight divided by the profile's length. */
export function readingDirection(p: ReadingProfile): Direction | null {
  const sq = p.sq ?? Object.values(p.terms).reduce((s, w) => s + w * w, 0);
  p.sq = sq;
  const norm = Math.sqrt(sq);
  return norm > 0 ? { weight: (t) => countOf(p.terms, t) / norm } : null;
}

/** Terms kept per reading profile; the weakest go first. */
const MAX_READING_TERMS = 3_000;

/** Dampened counts of one page or example: log(1 + tf). */
export function dampedCounts(tf: ReadonlyMap<string, number>): Map<string, number> {
  const out = new Map<string, number>();
  for (const [t, c] of tf) if (c > 0) out.set(t, Math.log(1 + c));
  return out;
}

export function addToReading(profile: ReadingProfile | undefined, vector: TermVector, weight = 1, tf?: ReadonlyMap<string, number>): ReadingProfile {
  const p = profile ?? { n: 0, terms: {}, sq: 0 };
  if (tf) {
    const counts = (p.counts ??= {});
    let size = p.size ?? Object.keys(counts).length;
    let mass = p.mass ?? 0;
    for (const [t, c] of dampedCounts(tf)) {
      const old = countOf(counts, t);
      if (old === 0) size++;
      counts[t] = old + c * weight;
      mass += c * weight;
    }
    if (size > MAX_READING_TERMS * 2) {
      const keep = Object.keys(counts)
        .sort((a, b) => countOf(counts, b) - countOf(counts, a))
        .slice(0, MAX_READING_TERMS);
      p.counts = Object.fromEntries(keep.map((k) => [k, countOf(counts, k)]));
      size = keep.length;
    }
    p.size = size;
    p.mass = mass;
  }
  let sq = p.sq ?? Object.values(p.terms).reduce((s, w) => s + w * w, 0);
  p.n += 1;
  for (const [t, w] of vector) {
    const old = countOf(p.terms, t);
    const next = old + w * weight;
    p.terms[t] = next;
    sq += next * next - old * old;
  }
  const keys = Object.keys(p.terms);
  if (keys.length > MAX_READING_TERMS * 2) {
    const keep = keys.sort((a, b) => countOf(p.terms, b) - countOf(p.terms, a)).slice(0, MAX_READING_TERMS);
    p.terms = Object.fromEntries(keep.map((k) => [k, countOf(p.terms, k)]));
    sq = Object.values(p.terms).reduce((s, w) => s + w * w, 0);
  }
  p.sq = sq;
  return p;
}
