import { isSupported } from '../text/language';
import type { ModelInfo } from '../model/catalog';
import { MAX_EMBED_TEXTS } from '../model/messages';
import type { PersonaScore, ScoringPersona } from './lexical';
import { combineScores, personaText, semanticMatch, toPassages, type SemanticMatch } from './semantic';
import { sha256 } from '../util/hash';
import type { ScoreMode } from './index';

/** Turns texts into unit vectors. The extension routes this to its model host; the CLI calls the host directly. */
export type Embed = (texts: string[], kind: 'query' | 'passage') => Promise<ArrayLike<number>[]>;

/** Optional store of vectors, so a revisit or an unchanged persona runs no inference. */
export interface VectorCache {
  get(key: string): Promise<ArrayLike<number>[] | undefined>;
  put(key: string, vectors: ArrayLike<number>[]): Promise<void>;
}

/**
 * Embeds any number of texts in requests of at most MAX_EMBED_TEXTS, the most one message to the model host
 * carries: 250 personas are two requests, not a refused one (which used to turn the model off for every page).
 */
async function embedAll(embed: Embed, texts: string[], kind: 'query' | 'passage'): Promise<ArrayLike<number>[]> {
  const out: ArrayLike<number>[] = [];
  for (let i = 0; i < texts.length; i += MAX_EMBED_TEXTS) out.push(...(await embed(texts.slice(i, i + MAX_EMBED_TEXTS), kind)));
  return out;
}

/** Embeds example texts, each cached by its own hash, so a persona's examples are embedded once. */
async function embedExamples(texts: string[], input: HybridInput): Promise<ArrayLike<number>[]> {
  const out: ArrayLike<number>[] = [];
  const todo: { i: number; key: string; text: string }[] = [];
  for (const [i, text] of texts.entries()) {
    const key = `${input.model.id}|example|${await sha256(text)}`;
    const hit = await input.cache?.get(key);
    if (hit?.[0]) out[i] = hit[0];
    else todo.push({ i, key, text });
  }
  if (todo.length) {
    const vectors = await embedAll(
      input.embed,
      todo.map((t) => t.text),
      'passage',
    );
    for (const [j, t] of todo.entries()) {
      const v = vectors[j];
      if (!v) continue;
      out[t.i] = v;
      await input.cache?.put(t.key, [v]);
    }
  }
  return out.filter(Boolean);
}

/** The persona's own vector plus the mean of its examples', renormalised: each counts half. */
function blend(base: ArrayLike<number>, examples: ArrayLike<number>[]): Float32Array {
  const out = Float32Array.from(base);
  if (examples.length) for (const v of examples) for (let d = 0; d < out.length; d++) out[d]! += (v[d] ?? 0) / examples.length;
  const norm = Math.hypot(...out) || 1;
  for (let d = 0; d < out.length; d++) out[d]! /= norm;
  return out;
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
    passageVectors = await embedAll(input.embed, passages, 'passage');
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
    const vectors = await embedAll(input.embed, missing.map(personaText), 'query');
    for (const [i, p] of missing.entries()) {
      const v = vectors[i];
      if (!v) continue;
      personaVectors.set(p.id, v);
      await cache?.put(p.key, [v]);
    }
  }
  // What the person curated pulls the persona's embedding toward its centroid (Rocchio, in embedding space).
  for (const p of input.personas) {
    const positives = (p.examples ?? []).filter((e) => e.positive && (e.title || e.text));
    const base = personaVectors.get(p.id);
    if (!positives.length || !base) continue;
    const exampleVectors = await embedExamples(
      positives.map((e) => `${e.title ?? ''}\n${(e.text ?? '').slice(0, 1_000)}`.trim()),
      input,
    );
    personaVectors.set(p.id, blend(base, exampleVectors));
  }
  const matches = new Map<string, SemanticMatch>();
  for (const [id, v] of personaVectors) matches.set(id, semanticMatch(passageVectors, v, model.calibration));
  // A language the lexical scorer cannot stem is left to a multilingual model alone.
  const mode: ScoreMode = !isSupported(input.language) && model.multilingual ? 'semantic' : 'hybrid';
  return { mode, scores: combineScores(input.lexical, matches, passages, mode, input.threshold) };
}
