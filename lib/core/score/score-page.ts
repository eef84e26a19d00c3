import { analysePage, scoreLexical, DEFAULT_THRESHOLD, type PageModel, type PersonaScore, type ScoringPersona } from './lexical';
import { capReading, centroid, dampedCounts, mapDirection, readingDirection, termCounts, termVector, type Direction, type LearnedSignals } from './learn';
import { MAX_DF_TERMS, type CorpusStats } from './stats';
import { observePage, readPage, type PageDelta } from './delta';
import { fnv1a } from '../../util/hash';

/** Which scorer answered: word matching alone, the model alone (a language words cannot read), or both. */
export type ScoreMode = 'lexical' | 'semantic' | 'hybrid';

export interface PageScores {
  mode: ScoreMode;
  language: string;
  scores: PersonaScore[];
  /** The statistics after this page was observed (the same object, updated): the caller stores them. */
  stats: CorpusStats;
  /** What this page changed in `stats` (absent with `learn: false`): storing it stores the page's learning. */
  learned?: PageDelta;
}

/**
 * Scores one page the way the extension does, and the command line too: the
 * page is added to the corpus statistics first (it is one of the pages seen),
 * then scored against the enabled personas. `stats` is updated in place, so a
 * run over thousands of pages stays linear. With `learn: false` (a page already counted) nothing in
 * `stats` changes: the page is neither counted again nor read into a profile.
 */
export function scorePage(
  page: { title: string; text: string; lang?: string | null },
  personas: readonly ScoringPersona[],
  stats: CorpusStats,
  threshold: number = DEFAULT_THRESHOLD,
  /** `model`: the page already analysed (analysePage), so a caller can tokenise outside a transaction. */
  options: { learn?: boolean; model?: PageModel } = {},
): PageScores {
  const learn = options.learn ?? true;
  const model = options.model ?? analysePage(page);
  let delta: PageDelta | undefined;
  if (learn) {
    const terms = [...new Set(model.terms)];
    delta = { terms, tf: Float64Array.from(terms, (term) => model.tf.get(term) ?? 0), length: model.terms.length };
    observePage(stats, delta);
  }
  const learned = new Map<string, LearnedSignals>();
  for (const p of personas) learned.set(p.id, learnedSignals(p, stats));
  // What the other personas learned from reading is evidence against this one (Rocchio's negative
  // feedback, from pseudo-labels only): a page typical of another persona ranks lower here.
  // The sum over every persona's reading is taken once per term, so this stays linear in personas.
  const readings = personas.map((q) => learned.get(q.id)?.reading).filter((d): d is Direction => Boolean(d));
  const totals = new Map<string, number>();
  const total = (term: string) => {
    let sum = totals.get(term);
    if (sum === undefined) {
      sum = 0;
      for (const d of readings) sum += d.weight(term);
      totals.set(term, sum);
    }
    return sum;
  };
  for (const p of personas) {
    const mine = learned.get(p.id);
    const own = mine?.reading;
    const others = readings.length - (own ? 1 : 0);
    if (mine && others > 0) mine.others = { weight: (term) => (total(term) - (own ? own.weight(term) : 0)) / others };
  }
  // Semi-supervised Naive Bayes over the same pseudo-labelled reading, plus the examples: which words
  // tell this persona's pages from the others'.
  for (const [id, evidence] of naiveBayes(personas, stats)) {
    const mine = learned.get(id);
    if (mine) mine.evidence = evidence;
  }
  const scores = scoreLexical(model, personas, stats, { threshold, learned });
  const key = delta && readingFor(personas, scores);
  if (delta && key) {
    const vector = termVector(model.tf, stats);
    delta.read = { key, weights: Float64Array.from(delta.terms, (term) => vector.get(term) ?? 0) };
    readPage(stats, delta);
  }
  return { mode: 'lexical', language: model.language, scores, stats, ...(delta ? { learned: delta } : {}) };
}

/** Pages a persona must have confidently matched before its reading profile counts. */
export const MIN_READING = 3;
/** Self-training takes a page for a persona only when it leads clearly. */
export const SELF_TRAIN = { minScore: 0.25, minMargin: 0.05 } as const;

/** Identifies a persona's seed (name, description, keywords, avoid): editing it starts its learning afresh. */
export function seedKey(p: Pick<ScoringPersona, 'name' | 'description' | 'keywords' | 'avoid'>): string {
  const text = [p.name, p.description, p.keywords.join(','), p.avoid.join(',')].join('|').toLowerCase();
  return fnv1a(text).toString(36);
}

/**
 * Keeps only what current personas learned: reading profiles whose seed no persona has (edited away, or
 * the persona deleted) are dropped, and anything saved before the caps were fixed is brought within them.
 * `personas` must be every persona, enabled or not. Changes `stats` in place; returns whether it changed.
 */
export function pruneLearned(stats: CorpusStats, personas: readonly Pick<ScoringPersona, 'name' | 'description' | 'keywords' | 'avoid'>[]): boolean {
  let changed = false;
  const keep = new Set(personas.map(seedKey));
  for (const [key, profile] of Object.entries(stats.reading ?? {})) {
    if (!keep.has(key)) {
      delete stats.reading![key];
      changed = true;
    } else if (capReading(profile)) changed = true;
  }
  if (stats.df.size > MAX_DF_TERMS) {
    stats.df.keepLargest(MAX_DF_TERMS);
    changed = true;
  }
  return changed;
}

const exampleCounts = new Map<string, Map<string, number>>();

function exampleTf(e: { title?: string; text?: string }): Map<string, number> {
  const text = `${e.title ?? ''}\n${e.text ?? ''}`;
  let tf = exampleCounts.get(text);
  if (!tf) {
    tf = termCounts(text);
    if (exampleCounts.size > 5_000) exampleCounts.clear();
    exampleCounts.set(text, tf);
  }
  return tf;
}

/**
 * Naive Bayes settings, chosen before running the evaluation and not tuned on it (docs/relevance.md
 * lists the neighbouring values tried): the Dirichlet prior's weight, in dampened term counts (Zhai &
 * Lafferty's usual 2,000), and how many pages read one curated example is worth.
 */
export const NAIVE_BAYES = { mu: 2_000, exampleWeight: 5 } as const;

interface TermModel {
  count(term: string): number;
  mass: number;
}

/** Per persona, a term's evidence for it: a log-likelihood ratio, or null when no persona's model has the term. */
export type Evidence = (term: string) => number | null;

/**
 * Semi-supervised multinomial Naive Bayes (Nigam et al. 2000, self-training with hard labels): each
 * persona's term model is the dampened counts (log(1 + tf), Rennie et al. 2003) of the pages it read
 * with confidence plus its positive examples, each example worth NAIVE_BAYES.exampleWeight pages.
 * Smoothed toward the corpus (Dirichlet prior from the document frequencies), so a persona that has
 * read little stays close to the corpus rather than claiming rare words. A term's evidence for a
 * persona is log P(term | persona) minus the mean of the other personas' log P(term | other): every
 * persona weighs the same, however much it has read, so one that reads more does not drown the rest.
 * Needs two personas with a model; terms no model has seen carry no evidence.
 */
export function naiveBayes(personas: readonly ScoringPersona[], stats: CorpusStats): Map<string, Evidence> {
  const out = new Map<string, Evidence>();
  const models = personas.map((p): TermModel[] => {
    const key = seedKey(p);
    const profile = stats.reading && Object.hasOwn(stats.reading, key) ? stats.reading[key] : undefined;
    const counts = profile && profile.n >= MIN_READING ? profile.counts : undefined;
    const parts: TermModel[] = [];
    if (counts && profile?.mass) parts.push({ count: (term) => counts.get(term), mass: profile.mass });
    const ex = new Map<string, number>();
    for (const e of p.examples ?? []) {
      if (!e.positive) continue;
      for (const [term, c] of dampedCounts(exampleTf(e))) ex.set(term, (ex.get(term) ?? 0) + c * NAIVE_BAYES.exampleWeight);
    }
    let mass = 0;
    for (const c of ex.values()) mass += c;
    if (mass > 0) parts.push({ count: (term) => ex.get(term) ?? 0, mass });
    return parts;
  });
  const mass = models.map((parts) => parts.reduce((s, m) => s + m.mass, 0));
  if (mass.filter((m) => m > 0).length < 2) return out;
  const { mu } = NAIVE_BAYES;
  const total = Math.max(1, stats.totalTerms);
  // Every persona's log-probability of a term is computed once per term and shared, so the
  // comparison with the others stays linear in the number of personas.
  const perTerm = new Map<string, { logP: number[]; sum: number } | null>();
  const termLogs = (term: string) => {
    let entry = perTerm.get(term);
    if (entry === undefined) {
      const n = models.map((parts) => parts.reduce((s, m) => s + m.count(term), 0));
      if (n.every((c) => c === 0)) entry = null;
      else {
        const background = (stats.df.get(term) + 0.5) / total;
        const logP = n.map((c, j) => Math.log((c + mu * background) / (mass[j]! + mu)));
        entry = { logP, sum: logP.reduce((a, b) => a + b, 0) };
      }
      perTerm.set(term, entry);
    }
    return entry;
  };
  personas.forEach((p, i) => {
    if (!mass[i]) return;
    out.set(p.id, (term) => {
      const e = termLogs(term);
      if (!e) return null;
      return e.logP[i]! - (e.sum - e.logP[i]!) / (personas.length - 1);
    });
  });
  return out;
}

/** The directions a persona learned: its examples (positive and negative) and its confident reading. */
export function learnedSignals(p: ScoringPersona, stats: CorpusStats): LearnedSignals {
  const direction = (positive: boolean) => {
    const vectors = (p.examples ?? []).filter((e) => e.positive === positive).map((e) => termVector(exampleTf(e), stats));
    return centroid(vectors);
  };
  const key = seedKey(p);
  const profile = stats.reading && Object.hasOwn(stats.reading, key) ? stats.reading[key] : undefined;
  const reading = profile && profile.n >= MIN_READING ? readingDirection(profile) : null;
  return { examples: mapDirection(direction(true)), negatives: mapDirection(direction(false)), reading };
}

/**
 * Self-training from unlabelled reading: a page that clearly matches one persona joins that persona's
 * reading profile (this returns its seed key; null: the page joins none). No label is ever used.
 */
export function readingFor(personas: readonly ScoringPersona[], ranked: readonly PersonaScore[]): string | null {
  const [top, second] = ranked;
  if (!top || top.score < SELF_TRAIN.minScore || top.score - (second?.score ?? 0) < SELF_TRAIN.minMargin) return null;
  const persona = personas.find((p) => p.id === top.personaId);
  return persona ? seedKey(persona) : null;
}
