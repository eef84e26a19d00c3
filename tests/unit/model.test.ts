import { mkdtempSync, readFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { t } from '../../lib/i18n/i18n';
import { join } from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { makeTestModel } from '../../scripts/make-test-model';
import { AGNEWS_CSV } from '../../scripts/shared-data';
import { createCurator } from '../../lib/background/curator';
import { openDb, KV, type CuratorDb } from '../../lib/db/db';
import { extractFromHtml } from '../../lib/extract/from-html';
import { modelInfo, DEFAULT_MODEL_ID, BUILT_IN_MODEL_ID } from '../../lib/model/catalog';
import { ensureUseLite } from '../../scripts/use-lite/convert';
import { createModelHost } from '../../lib/model/host';
import { createModelPort, readModelStatus, writeModelStatus, type ModelRunner } from '../../lib/model/port';
import { createHostService } from '../../lib/model/runners';
import type { ModelHost } from '../../lib/model/host';
import { emptyStats, scorePage } from '../../lib/score';
import { hybridScore } from '../../lib/score/hybrid';
import { combineScores, semanticMatch, toPassages } from '../../lib/score/semantic';
import { pageHtml } from './pages';

const root = mkdtempSync(join(tmpdir(), 'pc-models-'));
const CORPUS = AGNEWS_CSV;
const info = modelInfo(DEFAULT_MODEL_ID)!;
const plan = { modelId: 'tiny', bundled: true };
/** A model that is downloaded, not built in. */
const MINILM = 'Xenova/all-MiniLM-L6-v2';
/** The built-in model with its real weights (converted by the global setup), where meaning matters. */
const real = { modelId: BUILT_IN_MODEL_ID, bundled: true };
// node_modules/.cache/ + persona-curator/use-lite: the catalogue id is the path under it, as in the extension's models/.
const realRoot = `${ensureUseLite().dir.slice(0, -BUILT_IN_MODEL_ID.length)}`;

beforeAll(() => {
  makeTestModel(join(root, 'tiny'), 'tiny', readFileSync(existsSync(CORPUS) ? CORPUS : new URL('../../README.md', import.meta.url).pathname, 'utf8'));
});

const dot = (a: ArrayLike<number>, b: ArrayLike<number>) => Array.from(a).reduce((s, x, i) => s + x * (b[i] ?? 0), 0);

describe('generated test model', () => {
  it('writes every file transformers.js reads', () => {
    for (const f of ['config.json', 'tokenizer.json', 'tokenizer_config.json', 'onnx/model.onnx', 'onnx/model_quantized.onnx']) expect(existsSync(join(root, 'tiny', f))).toBe(true);
    expect(JSON.parse(readFileSync(join(root, 'tiny', 'config.json'), 'utf8'))).toMatchObject({ model_type: 'bert', hidden_size: 64 });
  });

  it('runs in real transformers.js + ONNX Runtime: unit vectors, and texts sharing words come out similar', async () => {
    const host = createModelHost({ localModelPath: `${root}/` });
    const [a, b, c] = await host.embed(plan, ['solar panels cut emissions', 'emissions from solar panels', 'the striker scored a goal'], 'passage');
    expect(a).toHaveLength(64);
    expect(dot(a!, a!)).toBeCloseTo(1, 4);
    expect(dot(a!, b!)).toBeGreaterThan(0.6);
    expect(dot(a!, c!)).toBeLessThan(0.3);
    await host.dispose();
  });

  it('reports a load failure plainly, and can retry', async () => {
    const changes: { phase?: string; error?: string | null; errorDetail?: string | null }[] = [];
    const host = createModelHost({ localModelPath: `${root}/`, onStatus: (s) => changes.push(s) });
    await expect(host.embed({ modelId: 'missing', bundled: true }, ['x'], 'query')).rejects.toThrow();
    await new Promise((r) => setTimeout(r, 0));
    expect(changes.at(-1)).toMatchObject({ phase: 'error', error: 'model_error_bundled' });
    // The words are put together where an i18n API exists (the views): the offscreen document has none.
    expect(t('model_error_bundled', changes.at(-1)!.errorDetail ?? '')).toMatch(/bundled model could not be loaded/);
    await expect(host.embed(plan, ['x'], 'query')).resolves.toHaveLength(1);
    expect(changes.at(-1)).toMatchObject({ phase: 'ready' });
  });
});

describe('semantic scoring', () => {
  it('cuts a page into sentence windows within the token limit, title first', () => {
    const text = Array.from({ length: 60 }, (_, i) => `Sentence number ${i} talks about solar power and the grid.`).join(' ');
    const { texts } = toPassages('Title here', text, 64);
    expect(texts[0]).toBe('Title here');
    for (const t of texts.slice(1)) expect(t.length).toBeLessThanOrEqual(64 * 3);
    expect(texts.length).toBeGreaterThan(5);
  });

  it('shows at most three sentences and 420 characters of the best passage', () => {
    const long = Array.from({ length: 4 }, (_, i) => `Sentence ${i} ${'is long and keeps going '.repeat(8)}end.`).join(' ');
    const lexical = [{ personaId: 'p', name: 'P', score: 0.2, suggested: false, reason: { matchedTerms: [], contributions: [], raw: 0.04, avoidedTerms: [], passage: 'x', language: 'en' } }];
    const [r] = combineScores(lexical, new Map([['p', { score: 0.5, similarity: 0.4, bestPassage: 1 }]]), ['title', long], 'hybrid', 0.35);
    expect(r!.reason.passage.length).toBeLessThanOrEqual(420);
    expect(r!.reason.passage.startsWith('Sentence 0')).toBe(true);
    expect(r!.score).toBeCloseTo(0.35, 3);
    // The explanation carries both halves, and they make the score.
    expect(r!.reason.blend).toEqual({ mode: 'hybrid', words: 0.2, meaning: 0.5 });
    expect(0.5 * r!.reason.blend!.words + 0.5 * r!.reason.blend!.meaning).toBeCloseTo(r!.score, 3);
  });

  it('blends the best passage with the top three and calibrates to 0–1', () => {
    const persona = [1, 0];
    const m = semanticMatch(
      [
        [1, 0],
        [0.8, 0.6],
        [0, 1],
        [0.6, 0.8],
      ],
      persona,
      { floor: 0.1, ceiling: 0.6 },
    );
    expect(m.bestPassage).toBe(1); // index 0 is the title, never quoted
    expect(m.score).toBe(1);
    expect(semanticMatch([[0, 1]], persona, { floor: 0.1, ceiling: 0.6 }).score).toBe(0);
  });

  it('hybrid (real weights): combines with the lexical score, takes the best passage from embeddings, and caches vectors', async () => {
    const host = createModelHost({ localModelPath: realRoot });
    let calls = 0;
    const embed = async (texts: string[], kind: 'query' | 'passage') => {
      calls++;
      return host.embed(real, texts, kind);
    };
    const memory = new Map<string, ArrayLike<number>[]>();
    const cache = { get: async (k: string) => memory.get(k), put: async (k: string, v: ArrayLike<number>[]) => void memory.set(k, v) };
    const page = extractFromHtml(pageHtml('aclu'), 'https://www.aclu.org/x');
    const personas = [
      { id: 'p', name: 'Privacy Advocate', description: 'Surveillance and digital rights', keywords: ['privacy', 'tracking', 'facebook'], avoid: [] },
      { id: 's', name: 'Sports Fan', description: 'Football match reports', keywords: ['football', 'goal', 'league'], avoid: [] },
    ];
    const lexical = scorePage(page, personas, emptyStats());
    const input = { page, contentHash: 'h1', language: lexical.language, lexical: lexical.scores, personas, model: info, embed, cache, threshold: 0.35 };
    const first = await hybridScore(input);
    expect(first.mode).toBe('hybrid');
    expect(first.scores[0]!.name).toBe('Privacy Advocate');
    expect(first.scores[0]!.score).not.toBe(lexical.scores[0]!.score);
    expect(first.scores[0]!.reason.passage.length).toBeGreaterThan(20);
    expect(calls).toBe(2); // passages, then personas
    const again = await hybridScore(input);
    expect(calls).toBe(2); // a revisit runs no inference
    expect(again.scores).toEqual(first.scores);
    await host.dispose();
  });
});

describe('curator with the on-device model', () => {
  let db: CuratorDb;
  const tabs = new Map<number, unknown>();
  beforeEach(async () => {
    db = openDb(`model-${Math.random()}`);
    await db.open();
    tabs.set(1, extractFromHtml(pageHtml('v8-blog'), 'https://v8.dev/blog/wasm'));
  });
  afterEach(async () => {
    db.close();
    await db.delete();
  });

  function setup(options: { bundled: string[]; runner?: ModelRunner }) {
    const runner = options.runner ?? inProcessRunner(db, async () => createModelHost({ localModelPath: `${root}/`, onStatus: (c) => void writeModelStatus(db, c) }));
    const port = createModelPort({ db, runner, bundledIds: async () => options.bundled });
    return createCurator({ db, readTab: async (id) => tabs.get(id), model: port });
  }

  it('answers lexically when the chosen model is not one it knows', async () => {
    const c = setup({ bundled: ['tiny'] });
    await c.installSamples();
    await db.kv.put({ key: KV.settings, value: { model: { id: 'tiny', consent: true } } });
    expect((await c.handlers.suggest({ tabId: 1 }, {})).mode).toBe('lexical');
    await expect(c.handlers['settings.setModel']({ id: 'tiny', consent: true }, {})).rejects.toThrow(/Unknown model/);
  });

  it('scores hybrid with a bundled model, and a revisit is served from the cache with no inference', async () => {
    const c2 = setup({ bundled: [DEFAULT_MODEL_ID], runner: realRunner(db) });
    await c2.installSamples();
    const first = await c2.handlers.suggest({ tabId: 1 }, {});
    expect(first.mode).toBe('hybrid');
    const inferences = (await readModelStatus(db))!.inferences;
    expect(inferences).toBeGreaterThan(0);
    const again = await c2.handlers.suggest({ tabId: 1 }, {});
    expect(again).toMatchObject({ cached: true, mode: 'hybrid' });
    expect((await readModelStatus(db))!.inferences).toBe(inferences);
  });

  it('answers lexically, without a download, until the person agrees; then starts the download', async () => {
    const loads: string[] = [];
    const runner: ModelRunner = { load: async (p) => void loads.push(p.modelId), embed: async () => [], close: async () => undefined };
    const c = setup({ bundled: [], runner });
    await c.installSamples();
    expect((await c.handlers.suggest({ tabId: 1 }, {})).mode).toBe('lexical');
    expect(loads).toEqual([]);
    await c.handlers['settings.setModel']({ id: MINILM, consent: true }, {});
    // The download starts in the background: wait for it (a loaded machine can take more than a few ms).
    await expect.poll(() => loads, { timeout: 5_000 }).toEqual([MINILM]);
    expect((await readModelStatus(db))!.phase).toBe('downloading');
    expect((await c.handlers.suggest({ tabId: 1, refresh: true }, {})).mode).toBe('lexical');
  });

  it('never lets the English built-in model score a French page: word matching answers and says why', async () => {
    const embedded: string[][] = [];
    const inner = realRunner(db);
    const c = setup({ bundled: [DEFAULT_MODEL_ID], runner: { ...inner, embed: (p, texts, kind) => (embedded.push(texts), inner.embed(p, texts, kind)) } });
    await c.installSamples();
    tabs.set(2, extractFromHtml(pageHtml('videos-2'), 'https://www.example.fr/videos'));
    const french = await c.handlers.suggest({ tabId: 2 }, {});
    expect(french.language).toBe('fr');
    expect(french.mode).toBe('lexical');
    expect(french.modelSkipped).toEqual({ modelId: DEFAULT_MODEL_ID, reason: 'language' });
    expect(embedded).toEqual([]);
    // Served again from the cache, it still says so.
    expect((await c.handlers.suggest({ tabId: 2 }, {})).modelSkipped).toEqual({ modelId: DEFAULT_MODEL_ID, reason: 'language' });
    const english = await c.handlers.suggest({ tabId: 1 }, {});
    expect(english.mode).toBe('hybrid');
    expect(english.modelSkipped).toBeUndefined();
    expect(embedded.length).toBeGreaterThan(0);
  });

  it('falls back to lexical when the model fails mid-inference', async () => {
    const runner: ModelRunner = { load: async () => undefined, embed: async () => Promise.reject(new Error('offscreen document closed')), close: async () => undefined };
    const c = setup({ bundled: [DEFAULT_MODEL_ID], runner });
    await c.installSamples();
    const r = await c.handlers.suggest({ tabId: 1 }, {});
    expect(r.mode).toBe('lexical');
    expect(r.suggestions.length).toBe(3);
  });
});

/** The built-in model, real weights, served the way the extension's models/ folder serves it. */
function realRunner(db: CuratorDb): ModelRunner {
  return inProcessRunner(db, async () => createModelHost({ localModelPath: realRoot, onStatus: (c) => void writeModelStatus(db, c) }));
}

describe('examples in embedding space', () => {
  it('pull the persona toward what was curated, embedding each example once (real weights)', async () => {
    const host = createModelHost({ localModelPath: realRoot });
    const texts: string[][] = [];
    const embed = async (t: string[], kind: 'query' | 'passage') => {
      texts.push(t);
      return host.embed(real, t, kind);
    };
    const memory = new Map<string, ArrayLike<number>[]>();
    const cache = { get: async (k: string) => memory.get(k), put: async (k: string, v: ArrayLike<number>[]) => void memory.set(k, v) };
    const page = { title: 'Quarterly dividend raised', text: 'Shareholders cheered as the board raised the quarterly dividend after strong revenue.' };
    const persona = { id: 'm', name: 'Markets', description: 'Stock markets', keywords: ['stocks'], avoid: [] as string[] };
    const lexical = scorePage(page, [persona], emptyStats()).scores;
    const base = { page, contentHash: 'x', language: 'en', lexical, model: info, embed, cache, threshold: 0.35 };
    const plain = await hybridScore({ ...base, personas: [persona] });
    const taught = { ...persona, examples: [{ positive: true, title: 'Dividend raised', text: 'The board raised the quarterly dividend for shareholders.' }] };
    const withExamples = await hybridScore({ ...base, personas: [taught] });
    expect(withExamples.scores[0]!.score).toBeGreaterThan(plain.scores[0]!.score);
    const calls = texts.length;
    await hybridScore({ ...base, personas: [taught] });
    expect(texts.length).toBe(calls); // examples, persona and page all served from the cache
    await host.dispose();
  });
});

/** Runs the host in this very context: the curator driven with a real model host in Node. */
function inProcessRunner(db: CuratorDb, makeHost: () => Promise<ModelHost>): ModelRunner {
  let state: { host: ModelHost; service: ReturnType<typeof createHostService> } | null = null;
  const get = async () => {
    if (!state) {
      const host = await makeHost();
      const service = createHostService(db, host, () => void close());
      state = { host, service };
    }
    return state;
  };
  const close = async () => {
    const s = state;
    state = null;
    s?.service.stop();
    await s?.host.dispose();
  };
  return {
    load: async (plan) => (await get()).service.load(plan, 60_000),
    embed: async (plan, texts, kind) => (await get()).service.embed(plan, texts, kind, 60_000),
    close,
  };
}
