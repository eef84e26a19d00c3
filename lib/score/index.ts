import { analysePage, scoreLexical, DEFAULT_THRESHOLD, type PersonaScore, type ScoringPersona } from './lexical';
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
  const scores = scoreLexical(model, personas, stats, { threshold });
  return { mode: 'lexical', language: model.language, scores, stats };
}
