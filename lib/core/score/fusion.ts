import type { PersonaScore } from './lexical';
import type { RidgeRow, RidgeState } from './ridge';

/**
 * How the on-device model's view joins the word matching: calibrated from the model's own
 * statistics (no labels, no constants written for one model), learning from examples and from the
 * pages read, and never dragging a confident lexical answer down. docs/relevance.md gives the
 * figures and the neighbouring settings tried.
 */

/** Running statistics of one similarity signal, for one persona and one model. */
export interface RunningStats {
  /** Pages observed. */
  n: number;
  mean: number;
  /** Variance (exponentially weighted once past the window). */
  variance: number;
}

/** What the model learned for one persona: its calibration, and the pages it read (embedding space). */
export interface PersonaMemory {
  /** Similarity with the persona's own text. */
  text?: RunningStats;
  /** Similarity with its examples' centroid (kept across new examples: the statistics forget as they go). */
  examples?: RunningStats;
  /** Similarity with the centroid of the pages it read with confidence. */
  reading?: RunningStats;
  /** Self-training in embedding space: the sum of the unit page vectors of the pages read with confidence. */
  read?: { n: number; sum: number[] };
  /** The score of the persona's row in the ridge regression (centred logit). */
  linear?: RunningStats;
  /** The persona's row of the ridge regression on page vectors (lib/core/score/ridge). */
  ridge?: RidgeRow;
  /** The softmax regression's row, in memories saved before the ridge regression replaced it: dropped when met. */
  learner?: unknown;
}

/**
 * The model's memory, per model id and persona seed: what calibrates its scores and what it learned
 * from reading. Calibration written for one model is never applied to another: each model has its own.
 */
export interface SemanticMemory {
  models: Record<string, Record<string, PersonaMemory>>;
  /** Per model id: the ridge regression's shared part (lib/core/score/ridge). */
  ridge?: Record<string, RidgeState>;
}

export function emptyMemory(): SemanticMemory {
  return { models: {} };
}

/**
 * The fusion's settings. `window`, `warmup`, `clip`, `margin` and `minReading` were set before the
 * evaluation; `lambda`, `others`, `weights`, `seed` and `linear` were chosen on AG News among the
 * neighbours docs/relevance.md lists (before the linear model: λ 0.03 / 0.06 / 0.1, others 0 / 0.5,
 * examples ×2 / ×1 / ×0, reading ×2 / ×4, seed 0 / 3; with it: linear ×1 / 2 / 4 / 8 / 16, λ 0.06 / 0.1 /
 * 0.15 / 0.2 / 0.3, its step size, decay, replay, confidence rule and soft labels; with the ridge
 * regression: λ 0.2 / 0.25 / 0.3, others 0 / 0.25 / 0.35 / 0.5, its weight, penalty, seed weight, solve
 * interval and self-training rule, the word scores calibrated per persona), with each half of
 * the set checked on its own and the full-length pages of ../shared/pages read after it.
 */
export const FUSION = {
  /** Calibration forgets: statistics weigh roughly the last `window` pages. */
  window: 500,
  /** Pages a signal must have seen before its calibration is trusted fully (trust = n / (n + warmup)). */
  warmup: 30,
  /** How much each calibrated signal counts in the model's evidence. */
  weights: { text: 1, examples: 1, reading: 2, linear: 16 },
  /** Pages a persona must have read with confidence before its reading centroid counts. */
  minReading: 5,
  /** Raw score added per unit of the model's evidence (a z-score). */
  lambda: 0.25,
  /** The model's evidence is bounded to ±`clip` standard deviations. */
  clip: 3,
  /** A lexical answer this confident (top score ≥ threshold, leading by `margin`) is never lowered. */
  margin: 0.1,
  /** The strongest other persona's evidence counts against a persona this much: which persona, not only whether. */
  others: 0.25,
  /** Each positive example counts as this many pages read in the reading centroid (0: examples stay apart). */
  seed: 3,
  /**
   * The ridge regression on page vectors (lib/core/score/ridge): its penalty, how many pages a seed (the
   * persona's text, an example) counts as, the pages read between two solves, and the pages it must have
   * read before it counts. A page joins it when its fused top persona scores `minScore` and leads by
   * `minMargin` (the self-training rule) and its words opened the gate at all. It counts from nothing,
   * when the page's best evidence without it is `gateFrom`, to fully at 1, or as far as its best raw word
   * score goes from `wordsFrom` to `wordsTo` (lib/core/score/hybrid).
   */
  linear: { penalty: 1, seedWeight: 5, every: 50, minPages: 10, minScore: 0.25, minMargin: 0.05, gateFrom: 0.4, wordsFrom: 0.055, wordsTo: 0.08 },
} as const;

export type FusionSettings = { -readonly [K in keyof typeof FUSION]: (typeof FUSION)[K] extends object ? { -readonly [J in keyof (typeof FUSION)[K]]: number } : number };

/** Welford's update, forgetting past `window` observations so a drifting signal stays calibrated. */
export function observeStat(s: RunningStats | undefined, x: number, window: number): RunningStats {
  const prev = s ?? { n: 0, mean: 0, variance: 0 };
  // An empty text embeds as NaN in some models: one such value would poison the statistics for good.
  if (!Number.isFinite(x)) return prev;
  const n = prev.n + 1;
  const alpha = 1 / Math.min(n, window);
  const delta = x - prev.mean;
  const mean = prev.mean + alpha * delta;
  const variance = n === 1 ? 0 : (1 - alpha) * (prev.variance + alpha * delta * delta);
  return { n, mean, variance };
}

/** A similarity as standard deviations above this persona's usual, and how far the statistics can be trusted. */
export function zScore(s: RunningStats | undefined, x: number, warmup: number): { z: number; trust: number } {
  if (!s || s.n < 2 || !Number.isFinite(x) || !Number.isFinite(s.mean) || !Number.isFinite(s.variance)) return { z: 0, trust: 0 };
  const sd = Math.sqrt(s.variance) || 1e-3;
  return { z: (x - s.mean) / Math.max(sd, 1e-3), trust: s.n / (s.n + warmup) };
}

export function dot(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let s = 0;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) s += (a[i] ?? 0) * (b[i] ?? 0);
  return s;
}

/** The unit-length mean of some vectors: a page's (or a set of pages') direction. */
export function unitMean(vectors: readonly ArrayLike<number>[]): Float32Array | null {
  const first = vectors[0];
  if (!first) return null;
  const out = new Float32Array(first.length);
  for (const v of vectors) {
    if (!Number.isFinite(v[0] ?? NaN)) continue; // an empty passage's vector (NaN in some models)
    for (let d = 0; d < out.length; d++) out[d]! += v[d] ?? 0;
  }
  let norm = 0;
  for (let d = 0; d < out.length; d++) norm += out[d]! * out[d]!;
  norm = Math.sqrt(norm);
  if (!norm) return null;
  for (let d = 0; d < out.length; d++) out[d]! /= norm;
  return out;
}

/** One persona's similarities with a page, each signal present only when the persona has it. */
export interface Similarities {
  text: number;
  examples?: number;
  reading?: number;
  linear?: number;
}

/** The model's calibrated evidence for a persona: a weighted mean of z-scores, bounded, times the trust in them. */
export function evidence(memory: PersonaMemory | undefined, sims: Similarities, settings: FusionSettings = FUSION): { z: number; trust: number } {
  const parts: { z: number; trust: number; w: number }[] = [];
  parts.push({ ...zScore(memory?.text, sims.text, settings.warmup), w: settings.weights.text });
  if (sims.examples !== undefined) parts.push({ ...zScore(memory?.examples, sims.examples, settings.warmup), w: settings.weights.examples });
  if (sims.reading !== undefined) parts.push({ ...zScore(memory?.reading, sims.reading, settings.warmup), w: settings.weights.reading });
  if (sims.linear !== undefined && settings.weights.linear > 0) parts.push({ ...zScore(memory?.linear, sims.linear, settings.warmup), w: settings.weights.linear });
  let wz = 0;
  let wt = 0;
  let w = 0;
  for (const p of parts) {
    wz += p.w * p.trust * Math.max(-settings.clip, Math.min(settings.clip, p.z));
    wt += p.w * p.trust;
    w += p.w;
  }
  return { z: wt > 0 ? wz / wt : 0, trust: w > 0 ? wt / w : 0 };
}

/** Records a page's similarities in the persona's statistics (after it was scored: a page never calibrates itself). */
export function observe(memory: PersonaMemory, sims: Similarities, settings: FusionSettings = FUSION): void {
  memory.text = observeStat(memory.text, sims.text, settings.window);
  if (sims.examples !== undefined) memory.examples = observeStat(memory.examples, sims.examples, settings.window);
  if (sims.reading !== undefined) memory.reading = observeStat(memory.reading, sims.reading, settings.window);
  if (sims.linear !== undefined) memory.linear = observeStat(memory.linear, sims.linear, settings.window);
}

/** The share of pages this one is more similar than, for this persona: the model's calibrated "meaning", 0–1. */
export function percentile(z: number): number {
  // Abramowitz–Stegun 7.1.26 erf approximation: |error| < 1.5e-7.
  const x = Math.abs(z) / Math.SQRT2;
  const k = 1 / (1 + 0.3275911 * x);
  const erf = 1 - ((((1.061405429 * k - 1.453152027) * k + 1.421413741) * k - 0.284496736) * k + 0.254829592) * k * Math.exp(-x * x);
  return z >= 0 ? 0.5 * (1 + erf) : 0.5 * (1 - erf);
}

export interface FusedInput {
  lexical: readonly PersonaScore[];
  /** Per persona id: the model's calibrated evidence. */
  evidence: ReadonlyMap<string, { z: number; trust: number }>;
  threshold: number;
  mode: 'hybrid' | 'semantic';
  settings?: FusionSettings;
}

/**
 * Adds the model's evidence to the word matching's raw score: `raw + λ·z·trust`, then the same
 * `min(1, sqrt(raw))`, so a score means the same with or without a model. A confident lexical answer
 * (the top persona at or above the threshold, leading the next by the margin) is never lowered: the
 * model may only add to it. In "semantic" mode (a language word matching cannot read) the evidence
 * alone makes the score.
 */
export function fuse(input: FusedInput): { personaId: string; score: number; words: number; meaning: number }[] {
  const s = input.settings ?? FUSION;
  const [top, second] = input.lexical;
  const confident = top && top.score >= input.threshold && top.score - (second?.score ?? 0) >= s.margin ? top.personaId : null;
  const weighed = new Map([...input.evidence].map(([id, e]) => [id, e.z * e.trust]));
  return input.lexical.map((lex) => {
    const e = input.evidence.get(lex.personaId) ?? { z: 0, trust: 0 };
    const base = input.mode === 'hybrid' ? lex.reason.raw : 0;
    let rival = 0;
    for (const [id, v] of weighed) if (id !== lex.personaId) rival = Math.max(rival, v);
    let delta = s.lambda * (e.z * e.trust - s.others * rival);
    if (lex.personaId === confident && delta < 0) delta = 0;
    const raw = Math.max(0, base + delta);
    return { personaId: lex.personaId, score: Math.min(1, Math.sqrt(raw)), words: lex.score, meaning: e.trust > 0 ? percentile(e.z) : 0 };
  });
}
