import { isSupported } from '../text/language';
import type { ModelInfo } from '../model/catalog';
import { MAX_EMBED_TEXTS } from '../protocol/model-host';
import type { PersonaScore, ScoringPersona } from './lexical';
import { personaText, semanticMatch, toPassages, trimPassage } from './semantic';
import {
  FUSION,
  emptyMemory,
  evidence,
  fuse,
  linearScores,
  linearStep,
  observe,
  unitMean,
  type FusionSettings,
  type LinearRow,
  type PersonaMemory,
  type SemanticMemory,
  type Similarities,
} from './fusion';
import { sha256 } from '../util/hash';
import { markPostThis } from './strength';
import { SELF_TRAIN, seedKey, type ScoreMode } from './index';

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
 * examples' centroid, the centroid of the pages it read, its row of a softmax regression trained on
 * its examples and the pages it read) are calibrated against its own history with this model, and
 * added to the word matching by `fuse`; then "Post this" is marked (lib/score/strength). Shared by
 * the extension's background and the CLI.
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
  // The softmax regression's view: each persona's centred logit, once its row has learned from enough pages.
  if (pageVector) {
    const rows = input.personas.map((p) => {
      const row = own[seedKey(p)]?.learner;
      return row && row.n >= settings.linear.minPages ? row : undefined;
    });
    if (rows.filter(Boolean).length >= 2)
      linearScores(rows, pageVector).forEach((v, i) => {
        const s = sims.get(input.personas[i]!.id);
        if (s && v !== null) s.linear = v;
      });
  }
  // The regression says which persona, never whether any: its centred logits lean to one persona even on
  // a page about none of them (lorem ipsum went to Tech & Science). So it counts only as far as the page is
  // more similar than usual to some persona by the other signals (one standard deviation: fully).
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
  const from = Math.min(0.99, settings.linear.gateFrom);
  const gate = Math.min(1, Math.max(0, (relevance - from) / (1 - from)));
  const evidences = new Map<string, { z: number; trust: number }>();
  for (const p of input.personas) {
    const s = sims.get(p.id);
    const e0 = base.get(p.id);
    if (!s || !e0) continue;
    const e1 = s.linear === undefined ? e0 : evidence(own[seedKey(p)], s, settings);
    const weighed = e0.z * e0.trust + gate * (e1.z * e1.trust - e0.z * e0.trust);
    evidences.set(p.id, e1.trust > 0 ? { z: weighed / e1.trust, trust: e1.trust } : e0);
  }
  // A language the lexical scorer cannot stem is left to a multilingual model alone.
  const mode: ScoreMode = input.forceMode ?? (!isSupported(input.language) && model.multilingual ? 'semantic' : 'hybrid');
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
  if (input.learn && input.memory) learnFrom(own, input.personas, sims, scores, pageVector, positivesOf, settings, mode);
  return { mode, scores };
}

/**
 * After scoring: every persona's similarities join its calibration statistics, and a page that one
 * persona clearly leads joins that persona's reading centroid (the same rule as the word matching's
 * self-training, on the fused score).
 */
function learnFrom(
  own: Record<string, PersonaMemory>,
  personas: readonly ScoringPersona[],
  sims: ReadonlyMap<string, Similarities>,
  ranked: readonly PersonaScore[],
  pageVector: Float32Array | null,
  positivesOf: ReadonlyMap<string, readonly ArrayLike<number>[]>,
  settings: FusionSettings,
  mode: ScoreMode,
): void {
  for (const p of personas) {
    const s = sims.get(p.id);
    if (s) observe((own[seedKey(p)] ??= {}), s, settings);
  }
  if (pageVector) trainLinear(own, personas, ranked, pageVector, positivesOf, settings, mode === 'hybrid');
  const [top, second] = ranked;
  if (!pageVector || !top || top.score < SELF_TRAIN.minScore || top.score - (second?.score ?? 0) < SELF_TRAIN.minMargin) return;
  const persona = personas.find((p) => p.id === top.personaId);
  if (!persona) return;
  const mem = (own[seedKey(persona)] ??= {});
  const read = (mem.read ??= { n: 0, sum: Array.from({ length: pageVector.length }, () => 0) });
  if (read.sum.length !== pageVector.length) return;
  read.n += 1;
  for (let d = 0; d < pageVector.length; d++) read.sum[d]! += pageVector[d]!;
}

/**
 * Trains the softmax regression on page vectors: each persona's examples in turn (`replay` steps per
 * page), then the page itself, toward the persona that clearly leads it (hard self-training), or, with
 * `soft`, toward the softmax of the fused scores (soft labels, as EM would), when the words had a say
 * in that answer. No label is ever read.
 */
function trainLinear(
  own: Record<string, PersonaMemory>,
  personas: readonly ScoringPersona[],
  ranked: readonly PersonaScore[],
  pageVector: Float32Array,
  positivesOf: ReadonlyMap<string, readonly ArrayLike<number>[]>,
  settings: FusionSettings,
  withWords: boolean,
): void {
  if (personas.length < 2) return;
  const { rate, decay, replay, soft } = settings.linear;
  const rows: LinearRow[] = personas.map((p) => {
    const mem = (own[seedKey(p)] ??= {});
    if (!mem.learner || mem.learner.w.length !== pageVector.length) mem.learner = { n: 0, w: Array.from({ length: pageVector.length }, () => 0), b: 0 };
    return mem.learner;
  });
  const oneHot = (i: number) => personas.map((_, j) => (i === j ? 1 : 0));
  for (let r = 0; r < replay; r++)
    personas.forEach((p, i) => {
      const examples = positivesOf.get(p.id) ?? [];
      const row = rows[i]!;
      const x = examples[(row.n + r) % Math.max(1, examples.length)];
      if (x && Number.isFinite(x[0] ?? NaN)) linearStep(rows, x, oneHot(i), rate, decay);
    });
  // A page only the model read (a language the word matching cannot) teaches it nothing: trained on its
  // own answers alone, the regression drifted (AG News, the model alone, zero-shot: 0.49 on the second half).
  if (!withWords) return;
  const [top, second] = ranked;
  if (soft > 0) {
    const byId = new Map(ranked.map((s) => [s.personaId, s.score]));
    const exp = personas.map((p) => Math.exp((byId.get(p.id) ?? 0) / soft));
    const sum = exp.reduce((a, b) => a + b, 0);
    linearStep(
      rows,
      pageVector,
      exp.map((e) => e / sum),
      rate,
      decay,
    );
    for (const row of rows) row.n += 1;
    return;
  }
  if (!top || top.score < settings.linear.minScore || top.score - (second?.score ?? 0) < settings.linear.minMargin) return;
  const i = personas.findIndex((p) => p.id === top.personaId);
  if (i < 0) return;
  linearStep(rows, pageVector, oneHot(i), rate, decay);
  rows[i]!.n += 1;
}
