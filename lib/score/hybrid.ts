import { isSupported } from '../text/language';
import type { ModelInfo } from '../model/catalog';
import type { PersonaScore, ScoringPersona } from './lexical';
import { combineScores, personaText, semanticMatch, toPassages, type SemanticMatch } from './semantic';
import type { ScoreMode } from './index';

/** Turns texts into unit vectors. The extension routes this to its model host; the CLI calls the host directly. */
export type Embed = (texts: string[], kind: 'query' | 'passage') => Promise<ArrayLike<number>[]>;

/** Optional store of vectors, so a revisit or an unchanged persona runs no inference. */
export interface VectorCache {
  get(key: string): Promise<ArrayLike<number>[] | undefined>;
  put(key: string, vectors: ArrayLike<number>[]): Promise<void>;
}

export interface HybridInput {
  page: { title: string; text: string };
  /** sha-256 of the page's title and text. */
  contentHash: string;
  language: string;
  lexical: PersonaScore[];
  personas: readonly (ScoringPersona & { updatedAt?: number })[];
  model: ModelInfo;
  embed: Embed;
  cache?: VectorCache;
  threshold: number;
}

/**
 * Adds the model's view to lexical scores: passages and personas are embedded
 * (or read from the cache, keyed by content hash and model id), and the
 * scores combined. Shared by the extension's background and the CLI.
 */
export async function hybridScore(input: HybridInput): Promise<{ mode: ScoreMode; scores: PersonaScore[] }> {
  const { model, cache } = input;
  const passages = toPassages(input.page.title, input.page.text, model.maxTokens).texts;
  const pageKey = `${model.id}|page|${input.contentHash}`;
  let passageVectors = await cache?.get(pageKey);
  if (!passageVectors || passageVectors.length !== passages.length) {
    passageVectors = await input.embed(passages, 'passage');
    await cache?.put(pageKey, passageVectors);
  }
  const personaVectors = new Map<string, ArrayLike<number>>();
  const missing: (ScoringPersona & { key: string })[] = [];
  for (const p of input.personas) {
    const key = `${model.id}|persona|${p.id}|${p.updatedAt ?? 0}|${personaText(p)}`;
    const hit = await cache?.get(key);
    if (hit?.[0]) personaVectors.set(p.id, hit[0]);
    else missing.push({ ...p, key });
  }
  if (missing.length) {
    const vectors = await input.embed(missing.map(personaText), 'query');
    for (const [i, p] of missing.entries()) {
      const v = vectors[i];
      if (!v) continue;
      personaVectors.set(p.id, v);
      await cache?.put(p.key, [v]);
    }
  }
  const matches = new Map<string, SemanticMatch>();
  for (const [id, v] of personaVectors) matches.set(id, semanticMatch(passageVectors, v, model.calibration));
  // A language the lexical scorer cannot stem is left to a multilingual model alone.
  const mode: ScoreMode = !isSupported(input.language) && model.multilingual ? 'semantic' : 'hybrid';
  return { mode, scores: combineScores(input.lexical, matches, passages, mode, input.threshold) };
}
