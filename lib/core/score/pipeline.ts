import { coversLanguage, type ModelInfo } from '../../model/catalog';
import { sha256 } from '../../util/hash';
import { emptyMemory, type SemanticMemory } from './fusion';
import { hybridScore, type Embed, type HybridInput, type VectorCache } from './hybrid';
import { analysePage, type PageModel, type PersonaScore, type ScoringPersona } from './lexical';
import { emptyStats, scorePage, type CorpusStats, type PageScores, type ScoreMode } from './index';

/**
 * The one path from a page to its scores, for the extension's background (lib/background/services/suggest) and
 * the score CLI (lib/core/score/batch) alike:
 *   1. `analyse`: the page tokenised once (the slow part on long CJK or Thai pages);
 *   2. `wordScores`: word matching against the corpus statistics, which learn the page unless it was counted;
 *   3. `modelScores`: the on-device model's view added (lib/core/score/hybrid), when a model covers the page's language.
 * The background runs the steps apart (the second inside its statistics transaction, the third maybe after it
 * has answered); `scoreThrough` runs them in a row. Caches are the caller's: the statistics, the model's memory
 * and the vectors are passed in.
 */

/** A page as the pipeline reads it. */
export interface PipelinePage {
  title: string;
  text: string;
  lang?: string | null;
}

/** The on-device model: what it is, how to embed, and where its vectors are cached (if anywhere). */
export interface PipelineModel {
  info: ModelInfo;
  embed: Embed;
  cache?: VectorCache;
}

/** The content hash a page's scores and vectors are cached under: its title and text. */
export function pageHash(page: Pick<PipelinePage, 'title' | 'text'>): Promise<string> {
  return sha256(`${page.title}\n${page.text}`);
}

/** Step 1: the page tokenised, once, before any statistics are read. */
export function analyse(page: PipelinePage): PageModel {
  return analysePage(page);
}

/** Step 2: word matching. `learn: false` for a page already counted (its statistics stay as they are). */
export function wordScores(page: PipelinePage, personas: readonly ScoringPersona[], stats: CorpusStats, threshold: number, options: { learn?: boolean; analysed?: PageModel } = {}): PageScores {
  return scorePage(page, personas, stats, threshold, { ...(options.learn === false ? { learn: false } : {}), ...(options.analysed ? { model: options.analysed } : {}) });
}

/** Whether the model answers for a page in this language: an English model never silently scores French. */
export function modelCovers(model: Pick<PipelineModel, 'info'> | null | undefined, language: string): boolean {
  return Boolean(model) && coversLanguage(model!.info, language);
}

/**
 * Step 3: the model's answer on top of the word scores. `memory` (its calibration and reading) is updated in
 * place when `learn` is set: a new page, not a revisit. Throws what the model throws.
 */
export function modelScores(input: {
  page: PipelinePage;
  hash: string;
  lexical: Pick<PageScores, 'language' | 'scores'>;
  personas: readonly (ScoringPersona & { updatedAt?: number })[];
  threshold: number;
  model: PipelineModel;
  memory: SemanticMemory;
  learn: boolean;
  /** Evaluation only (scripts/eval.ts): other fusion settings, or the model alone. */
  tuning?: Pick<HybridInput, 'settings' | 'forceMode'>;
}): Promise<{ mode: ScoreMode; scores: PersonaScore[] }> {
  const { model } = input;
  return hybridScore({
    page: input.page,
    contentHash: input.hash,
    language: input.lexical.language,
    lexical: input.lexical.scores,
    personas: input.personas,
    model: model.info,
    embed: model.embed,
    ...(model.cache ? { cache: model.cache } : {}),
    threshold: input.threshold,
    memory: input.memory,
    learn: input.learn,
    ...input.tuning,
  });
}

/** What a run of the pipeline keeps between pages: the corpus statistics and the model's memory. */
export interface PipelineState {
  stats: CorpusStats;
  memory: SemanticMemory;
}

/** A run that has seen no page yet. */
export function newPipelineState(): PipelineState {
  return { stats: emptyStats(), memory: emptyMemory() };
}

/** The three steps in a row, for a new page: counted into the statistics, then read by the model if it covers the language. */
export async function scoreThrough(
  page: PipelinePage,
  personas: readonly (ScoringPersona & { updatedAt?: number })[],
  state: PipelineState,
  threshold: number,
  model?: PipelineModel,
): Promise<{ mode: ScoreMode; language: string; scores: PersonaScore[] }> {
  const lexical = wordScores(page, personas, state.stats, threshold, { analysed: analyse(page) });
  if (!model || !modelCovers(model, lexical.language)) return { mode: lexical.mode, language: lexical.language, scores: lexical.scores };
  const hybrid = await modelScores({ page, hash: await pageHash(page), lexical, personas, threshold, model, memory: state.memory, learn: true });
  return { mode: hybrid.mode, language: lexical.language, scores: hybrid.scores };
}
