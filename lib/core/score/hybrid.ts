import { isSupported } from '../text/language';
import type { ModelInfo } from '../../model/catalog';
import { MAX_EMBED_TEXTS } from '../../protocol/model-host';
import type { PersonaScore, ScoringPersona } from './lexical';
import { personaText, semanticMatch, toPassages, trimPassage } from './semantic';
import { FUSION, emptyMemory, evidence, fuse, unitMean, type FusionSettings, type SemanticMemory, type Similarities } from './fusion';
import { sha256 } from '../../util/hash';
import { markPostThis } from './strength';
import { ridgeFor, ridgeRow, ridgeScores, solve } from './ridge';
import { learnFrom } from './learn-from-page';
import { seedKey, type ScoreMode } from './index';

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

/** Example vectors already seen in this context, by model and text: a persona's examples are read on every page. */
const recentExamples = new Map<string, ArrayLike<number>>();

/** Embeds example texts, each cached by its own hash, so a persona's examples are embedded once. */
async function embedExamples(texts: string[], input: HybridInput): Promise<ArrayLike<number>[]> {
  const out: ArrayLike<number>[] = [];
  const todo: { i: number; key: string; text: string }[] = [];
  for (const [i, text] of texts.entries()) {
    const recent = recentExamples.get(`${input.model.id}|${text}`);
    if (recent) {
      out[i] = recent;
      continue;
    }
    const key = `${input.model.id}|example|${await sha256(text)}`;
    const hit = await input.cache?.get(key);
    if (hit?.[0]) out[i] = hit[0];
    else todo.push({ i, key, text });
  }
  if (todo.length) {
    const vectors = await embedAll(
      input.embed,
      todo.map((item) => item.text),
      'passage',
    );
    for (const [j, item] of todo.entries()) {
      const v = vectors[j];
      if (!v) continue;
      out[item.i] = v;
      await input.cache?.put(item.key, [v]);
    }
  }
  if (recentExamples.size > 1_000) recentExamples.clear();
  for (const [i, text] of texts.entries()) if (out[i]) recentExamples.set(`${input.model.id}|${text}`, out[i]);
  return out.filter(Boolean);
}

const exampleText = (e: { title?: string; text?: string }) => `${e.title ?? ''}\n${(e.text ?? '').slice(0, 1_000)}`.trim();

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
  /**
   * The model's memory: its calibration per persona and what it read. Updated in place when `learn`
   * is set; without it, every page is scored as if it were the first (no calibration: the lexical
   * answer stands).
   */
  memory?: SemanticMemory;
  /** The page is new (not a revisit): it joins the calibration statistics and may be read (self-training). */
  learn?: boolean;
  /** Evaluation only: other fusion settings, and the model alone ("semantic") to measure it. */
  settings?: FusionSettings;
  forceMode?: 'semantic';
}

/**
 * Adds the model's view to lexical scores: passages and personas are embedded (or read from the
 * cache, keyed by content hash and model id); each persona's similarities (its own text, its
 * examples' centroid, the centroid of the pages it read, its row of a ridge regression seeded by its
 * text and examples and trained on the pages it read: lib/core/score/ridge) are calibrated against its
 * own history with this model, and added to the word matching by `fuse`; then "Post this" is marked
 * (lib/core/score/strength). Shared by the extension's background and the CLI.
 */
export async function hybridScore(input: HybridInput): Promise<{ mode: ScoreMode; scores: PersonaScore[] }> {
  const { model, cache } = input;
  const settings = input.settings ?? FUSION;
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
  // A language the lexical scorer cannot stem is left to a multilingual model alone.
  const mode: ScoreMode = input.forceMode ?? (!isSupported(input.language) && model.multilingual ? 'semantic' : 'hybrid');
  const pageVector = unitMean(passageVectors);
  const memory = input.memory ?? emptyMemory();
  const own = (memory.models[model.id] ??= {});
  const sims = new Map<string, Similarities>();
  const bestPassage = new Map<string, number>();
  const positivesOf = new Map<string, ArrayLike<number>[]>();
  for (const p of input.personas) {
    const base = personaVectors.get(p.id);
    if (!base) continue;
    const text = semanticMatch(passageVectors, base);
    bestPassage.set(p.id, text.bestPassage);
    const s: Similarities = { text: text.similarity };
    // What the person curated or rated: the centroid of its examples, in embedding space (Rocchio).
    const positives = (p.examples ?? []).filter((e) => e.positive && (e.title || e.text));
    const positiveVectors = positives.length ? await embedExamples(positives.map(exampleText), input) : [];
    positivesOf.set(p.id, positiveVectors);
    if (positiveVectors.length) {
      const negatives = (p.examples ?? []).filter((e) => !e.positive && (e.title || e.text));
      const pos = unitMean(positiveVectors);
      const neg = negatives.length ? unitMean(await embedExamples(negatives.map(exampleText), input)) : null;
      if (pos) s.examples = semanticMatch(passageVectors, pos).similarity - (neg ? 0.5 * semanticMatch(passageVectors, neg).similarity : 0);
    }
    // What it read with confidence (self-training, no labels): the centroid of those pages, which
    // its examples may seed.
    const read = own[seedKey(p)]?.read;
    const seeded = settings.seed > 0 ? positiveVectors.length * settings.seed : 0;
    if ((read?.n ?? 0) + seeded >= settings.minReading) {
      const sum = read ? Float32Array.from(read.sum) : new Float32Array(passageVectors[0]?.length ?? 0);
      if (seeded) for (const v of positiveVectors) for (let d = 0; d < sum.length; d++) sum[d]! += settings.seed * (v[d] ?? 0);
      const centroid = unitMean([sum]);
      if (centroid) s.reading = semanticMatch(passageVectors, centroid).similarity;
    }
    sims.set(p.id, s);
  }
  // The ridge regression's view: each persona's centred logit, solved again every few pages read and
  // whenever a persona, its text or its examples change.
  const ridge = pageVector ? ridgeFor(memory, model.id, pageVector.length) : null;
  if (pageVector && ridge) {
    const rows = input.personas.map((p) => ridgeRow(own, p, pageVector.length));
    const seeds = input.personas.map((p, i) => ({ row: rows[i]!, seeds: [personaVectors.get(p.id), ...(positivesOf.get(p.id) ?? [])].filter((v): v is ArrayLike<number> => !!v) }));
    const signature = input.personas
      .map(
        (p) =>
          `${seedKey(p)}#${(p.examples ?? [])
            .filter((e) => e.positive)
            .map((e) => e.title ?? '')
            .join('\u0001')}`,
      )
      .join('\u0000');
    if (ridge.solvedFor !== signature || ridge.since >= settings.linear.every || rows.some((r) => !r.w)) if (solve(ridge, seeds, settings.linear)) ridge.solvedFor = signature;
    if (ridge.n >= settings.linear.minPages)
      ridgeScores(rows, pageVector).forEach((v, i) => {
        const s = sims.get(input.personas[i]!.id);
        if (s && v !== null) s.linear = v;
      });
  }
  // The regression says which persona, never whether any: its centred logits lean to one persona even on
  // a page about none of them (lorem ipsum went to Tech & Science). So it counts only as far as the page is
  // about some persona by the other signals: more similar than usual to one (from `gateFrom` standard
  // deviations, fully at 1), or sharing words with one (the top raw word score from `wordsFrom`, fully at
  // `wordsTo`). The lorem-ipsum test pages of ../shared/pages reach 0.38 and 0.053; AG News's median 1.2 and 0.17.
  const without = { ...settings, weights: { ...settings.weights, linear: 0 } };
  const base = new Map<string, { z: number; trust: number }>();
  let relevance = 0;
  for (const p of input.personas) {
    const s = sims.get(p.id);
    if (!s) continue;
    const e = evidence(own[seedKey(p)], s, without);
    base.set(p.id, e);
    relevance = Math.max(relevance, e.z * e.trust);
  }
  const { gateFrom, wordsFrom, wordsTo } = settings.linear;
  const from = Math.min(0.99, gateFrom);
  const words = wordsTo > wordsFrom ? (Math.max(0, ...input.lexical.map((l) => l.reason.raw)) - wordsFrom) / (wordsTo - wordsFrom) : 0;
  const gate = Math.min(1, Math.max(0, (relevance - from) / (1 - from), words));
  const evidences = new Map<string, { z: number; trust: number }>();
  for (const p of input.personas) {
    const s = sims.get(p.id);
    const e0 = base.get(p.id);
    if (!s || !e0) continue;
    const e1 = s.linear === undefined ? e0 : evidence(own[seedKey(p)], s, settings);
    const weighed = e0.z * e0.trust + gate * (e1.z * e1.trust - e0.z * e0.trust);
    evidences.set(p.id, e1.trust > 0 ? { z: weighed / e1.trust, trust: e1.trust } : e0);
  }
  const fused = new Map(fuse({ lexical: input.lexical, evidence: evidences, threshold: input.threshold, mode: mode === 'semantic' ? 'semantic' : 'hybrid', settings }).map((f) => [f.personaId, f]));
  const ranked = input.lexical
    .map((lex) => {
      const f = fused.get(lex.personaId);
      if (!f || !sims.has(lex.personaId)) return lex;
      const rounded = Math.round(f.score * 1000) / 1000;
      const at = bestPassage.get(lex.personaId) ?? -1;
      const passage = at > 0 ? passages[at] : undefined;
      const blend = { mode: mode === 'semantic' ? ('semantic' as const) : ('hybrid' as const), words: lex.score, meaning: Math.round(f.meaning * 1000) / 1000 };
      return { ...lex, score: rounded, suggested: rounded >= input.threshold, reason: { ...lex.reason, blend, ...(passage ? { passage: trimPassage(passage) } : {}) } };
    })
    .sort((a, b) => b.score - a.score || a.name.localeCompare(b.name));
  const scores = markPostThis(ranked, input.threshold);
  // What the model learns from the page (lib/core/score/ridge: calibration, reading centroids, the regression).
  if (input.learn && input.memory) {
    // A page the words say nothing about teaches the model nothing either: lorem ipsum marked once would
    // otherwise pull the next one in.
    const taught = mode !== 'hybrid' || words > 0 || wordsTo <= wordsFrom ? pageVector : null;
    learnFrom(own, ridge, input.personas, sims, scores, taught, settings, mode);
  }
  return { mode, scores };
}
