import { analysePage, scoreLexical, DEFAULT_THRESHOLD, type PersonaScore, type ScoringPersona } from './lexical';
import { addToReading, centroid, mapDirection, readingDirection, termCounts, termVector, type Direction, type LearnedSignals, type TermVector } from './learn';
import { observeInPlace, type CorpusStats } from './stats';

export { DEFAULT_THRESHOLD, type PersonaScore, type ScoringPersona } from './lexical';
export { emptyStats, type CorpusStats } from './stats';

/** Which scorer answered. Only "lexical" exists until the on-device model lands. */
export type ScoreMode = 'lexical' | 'semantic' | 'hybrid';

export interface PageScores {
  mode: ScoreMode;
  language: string;
  scores: PersonaScore[];
  /** The statistics after this page was observed (the same object, updated): the caller stores them. */
  stats: CorpusStats;
}

/**
 * Scores one page the way the extension does, and the command line too: the
 * page is added to the corpus statistics first (it is one of the pages seen),
 * then scored against the enabled personas. `stats` is updated in place, so a
 * run over thousands of pages stays linear.
 */
export function scorePage(
  page: { title: string; text: string; lang?: string | null },
  personas: readonly ScoringPersona[],
  stats: CorpusStats,
  threshold: number = DEFAULT_THRESHOLD,
): PageScores {
  const model = analysePage(page);
  observeInPlace(stats, model.terms);
  const learned = new Map<string, LearnedSignals>();
  for (const p of personas) learned.set(p.id, learnedSignals(p, stats));
  // What the other personas learned from reading is evidence against this one (Rocchio's negative
  // feedback, from pseudo-labels only): a page typical of another persona ranks lower here.
  for (const p of personas) {
    const mine = learned.get(p.id);
    const others = personas.map((q) => (q.id === p.id ? null : learned.get(q.id)?.reading)).filter((d): d is Direction => Boolean(d));
    if (mine && others.length) mine.others = { weight: (t) => others.reduce((sum, d) => sum + d.weight(t), 0) / others.length };
  }
  const scores = scoreLexical(model, personas, stats, { threshold, learned });
  selfTrain(stats, personas, scores, () => termVector(model.tf, stats));
  return { mode: 'lexical', language: model.language, scores, stats };
}

/** Pages a persona must have confidently matched before its reading profile counts. */
export const MIN_READING = 3;
/** Self-training takes a page for a persona only when it leads clearly. */
export const SELF_TRAIN = { minScore: 0.25, minMargin: 0.05 } as const;

/** Identifies a persona's seed (name, description, keywords, avoid): editing it starts its learning afresh. */
export function seedKey(p: Pick<ScoringPersona, 'name' | 'description' | 'keywords' | 'avoid'>): string {
  const text = [p.name, p.description, p.keywords.join(','), p.avoid.join(',')].join('|').toLowerCase();
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  return (h >>> 0).toString(36);
}

const exampleCounts = new Map<string, Map<string, number>>();

/** The directions a persona learned: its examples (positive and negative) and its confident reading. */
export function learnedSignals(p: ScoringPersona, stats: CorpusStats): LearnedSignals {
  const direction = (positive: boolean) => {
    const vectors = (p.examples ?? [])
      .filter((e) => e.positive === positive)
      .map((e) => {
        const text = `${e.title ?? ''}\n${e.text ?? ''}`;
        let tf = exampleCounts.get(text);
        if (!tf) {
          tf = termCounts(text);
          if (exampleCounts.size > 5_000) exampleCounts.clear();
          exampleCounts.set(text, tf);
        }
        return termVector(tf, stats);
      });
    return centroid(vectors);
  };
  const key = seedKey(p);
  const profile = stats.reading && Object.hasOwn(stats.reading, key) ? stats.reading[key] : undefined;
  const reading = profile && profile.n >= MIN_READING ? readingDirection(profile) : null;
  return { examples: mapDirection(direction(true)), negatives: mapDirection(direction(false)), reading };
}

/**
 * Self-training from unlabelled reading: a page that clearly matches one
 * persona joins that persona's reading profile. No label is ever used.
 */
export function selfTrain(stats: CorpusStats, personas: readonly ScoringPersona[], ranked: readonly PersonaScore[], vector: () => TermVector): void {
  const [top, second] = ranked;
  if (!top || top.score < SELF_TRAIN.minScore || top.score - (second?.score ?? 0) < SELF_TRAIN.minMargin) return;
  const persona = personas.find((p) => p.id === top.personaId);
  if (!persona) return;
  const key = seedKey(persona);
  stats.reading ??= {};
  stats.reading[key] = addToReading(Object.hasOwn(stats.reading, key) ? stats.reading[key] : undefined, vector());
}
