import { mkdtempSync, readFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { t } from '../../lib/i18n/i18n';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { makeTestModel } from '../../scripts/make-test-model';
import { AGNEWS_CSV } from '../../scripts/shared-data';
import { createCurator } from '../../lib/background/curator';
import { openDb, type CuratorDb } from '../../lib/store/db';
import { KV } from '../../lib/store/kv';
import { extractFromHtml } from '../../lib/core/extract/from-html';
import { modelInfo, DEFAULT_MODEL_ID, BUILT_IN_MODEL_ID } from '../../lib/model/catalog';
import { ensureUseLite } from '../../scripts/use-lite/convert';
import { createModelHost } from '../../lib/model/host';
import { createModelControl, readModelStatus, writeModelStatus, type ModelRunner } from '../../lib/model/control';
import { createHostService } from '../../lib/model/runners';
import type { LoadPlan, ModelHost } from '../../lib/model/host';
import { ModelHostRequests, type ModelHostType } from '../../lib/protocol/model-host';
import { ModelIntegrityError, ModelTimeoutError } from '../../lib/model/verify';
import { checksFor, startModelServer } from '../hub-server';
import { emptyStats, scorePage } from '../../lib/core/score';
import { hybridScore } from '../../lib/core/score/hybrid';
import { semanticMatch, toPassages } from '../../lib/core/score/semantic';
import { emptyMemory } from '../../lib/core/score/fusion';
import { pageHtml } from './pages';
import { PersonaInputSchema } from '../../lib/core/personas/schema';

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

  it('blends the best passage with the top three, and never quotes the title', () => {
    const persona = [1, 0];
    const m = semanticMatch(
      [
        [1, 0],
        [0.8, 0.6],
        [0, 1],
        [0.6, 0.8],
      ],
      persona,
    );
    expect(m.bestPassage).toBe(1); // index 0 is the title, never quoted
    expect(m.similarity).toBeCloseTo(0.6 * 1 + (0.4 * (1 + 0.8 + 0.6)) / 3, 6);
    expect(semanticMatch([[0, 1]], persona).similarity).toBe(0);
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
    // No history to calibrate the model against: the word matching's answer stands, and says so.
    expect(first.scores[0]!.score).toBe(lexical.scores[0]!.score);
    expect(first.scores[0]!.reason.blend).toMatchObject({ mode: 'hybrid', words: lexical.scores[0]!.score });
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
    const control = createModelControl({ db, runner, bundledIds: async () => options.bundled });
    return createCurator({ db, readTab: async (id) => tabs.get(id), model: control });
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

  it('keeps the model’s calibration per model, and a revisit does not count the page twice', async () => {
    const c = setup({ bundled: [DEFAULT_MODEL_ID], runner: renamed(db) });
    await c.installSamples();
    await c.handlers.suggest({ tabId: 1 }, {});
    const memory = (await db.kv.get(KV.semantic))?.value as { models: Record<string, Record<string, { text?: { n: number } }>> };
    const own = Object.values(memory.models[DEFAULT_MODEL_ID] ?? {});
    expect(own).toHaveLength(3);
    expect(own.every((m) => m.text?.n === 1)).toBe(true);
    await c.handlers.suggest({ tabId: 1, refresh: true }, {});
    const again = (await db.kv.get(KV.semantic))?.value as typeof memory;
    expect(Object.values(again.models[DEFAULT_MODEL_ID] ?? {}).every((m) => m.text?.n === 1)).toBe(true);
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

  it('embeds more than 200 personas in batches: every one of 250 gets a hybrid score', async () => {
    const c = setup({ bundled: [DEFAULT_MODEL_ID], runner: renamed(db) });
    const topics = ['WebAssembly compilers', 'solar power', 'football', 'privacy law', 'stock markets'];
    for (let i = 0; i < 250; i++)
      await c.handlers['personas.save'](
        {
          persona: PersonaInputSchema.omit({ examples: true }).parse({
            name: `Persona ${i}`,
            description: `Writes about ${topics[i % topics.length]}, angle ${i}.`,
            keywords: [topics[i % topics.length]!.split(' ')[0]!],
          }),
        },
        {},
      );
    const r = await c.handlers.suggest({ tabId: 1 }, {});
    expect(r.mode).toBe('hybrid');
    expect(r.suggestions).toHaveLength(250);
    for (const s of r.suggestions) expect(s.reason.blend?.mode).toBe('hybrid');
    // The personas about the page's subject come first.
    expect(r.suggestions[0]!.name).toMatch(/^Persona \d+$/);
    expect(r.suggestions.slice(0, 10).every((s) => Number(s.name.split(' ')[1]) % topics.length === 0)).toBe(true);
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

/**
 * The tiny generated model under the built-in model's name: for tests of plumbing (batching, calibration bookkeeping)
 * that need speed, not meaning.
 */
function renamed(db: CuratorDb): ModelRunner {
  const host = createModelHost({ localModelPath: `${root}/`, onStatus: (c) => void writeModelStatus(db, { ...c, modelId: DEFAULT_MODEL_ID }) });
  return inProcessRunner(db, async () => ({
    ...host,
    load: (p) => host.load({ ...p, modelId: 'tiny' }),
    embed: (p, texts, kind) => host.embed({ ...p, modelId: 'tiny' }, texts, kind),
  }));
}

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
    const taught = { ...persona, examples: [{ positive: true, title: 'Dividend raised', text: 'The board raised the quarterly dividend for shareholders.' }] };
    // The model's scores mean something only against its own history: both personas read the same pages first.
    const background = readFileSync(CORPUS, 'utf8').split('\n').slice(1, 41);
    const run = async (p: typeof persona, memory = emptyMemory()) => {
      for (const [i, line] of background.entries()) {
        const text = line.replace(/"/g, '');
        const lexical = scorePage({ title: '', text }, [p], emptyStats()).scores;
        await hybridScore({
          page: { title: '', text },
          contentHash: `bg${i}`,
          language: 'en',
          lexical,
          personas: [p],
          model: { ...info, id: 'tiny' },
          embed,
          cache,
          threshold: 0.35,
          memory,
          learn: true,
        });
      }
      const lexical = scorePage(page, [p], emptyStats()).scores;
      return hybridScore({ page, contentHash: 'x', language: 'en', lexical, personas: [p], model: { ...info, id: 'tiny' }, embed, cache, threshold: 0.35, memory });
    };
    const plain = await run(persona);
    const withExamples = await run(taught);
    expect(withExamples.scores[0]!.score).toBeGreaterThan(plain.scores[0]!.score);
    const calls = texts.length;
    await run(taught);
    expect(texts.length).toBe(calls); // examples, persona and pages all served from the cache
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
  // Every request is checked by the schema the host page checks it with (lib/model/offscreen-host.ts).
  const valid = (type: ModelHostType, payload: object) => {
    if (!ModelHostRequests[type].safeParse({ idleMs: 60_000, stallMs: 60_000, ...payload }).success) throw new Error('Malformed model request.');
  };
  return {
    load: async (plan) => {
      valid('model-host.load', { plan });
      return (await get()).service.load(plan, 60_000);
    },
    embed: async (plan, texts, kind) => {
      valid('model-host.embed', { plan, texts, kind });
      return (await get()).service.embed(plan, texts, kind, 60_000);
    },
    close,
  };
}

describe('downloads: pinned to a revision, every file checked, never hung', () => {
  const MODEL = 'Org/tiny-download';
  const REVISION = '0123456789abcdef0123456789abcdef01234567';
  let hub: Awaited<ReturnType<typeof startModelServer>>;
  let plan: LoadPlan;
  beforeAll(async () => {
    hub = await startModelServer(join(root, 'tiny'), MODEL);
    // What the catalogue would carry for this model, computed from its files.
    plan = { modelId: MODEL, bundled: false, remoteHost: hub.origin, revision: REVISION, files: checksFor(join(root, 'tiny')) };
  });
  afterEach(() => {
    Object.assign(hub.state, { interrupt: false, stall: false, tamper: false, requests: [] });
  });
  afterAll(() => hub.close());

  it('downloads from the pinned revision only, the files it lists, and runs', async () => {
    const host = createModelHost({ localModelPath: `${root}/` });
    const [v] = await host.embed(plan, ['solar panels cut emissions'], 'passage');
    expect(v).toHaveLength(64);
    expect(hub.state.requests.length).toBeGreaterThan(0);
    for (const r of hub.state.requests) expect(r.startsWith(`/${MODEL}/resolve/${REVISION}/`)).toBe(true);
    await host.dispose();
  });

  it('refuses weights whose SHA-256 differs, in plain words', async () => {
    hub.state.tamper = true;
    const changes: { phase?: string; error?: string | null; errorDetail?: string | null }[] = [];
    const host = createModelHost({ localModelPath: `${root}/`, onStatus: (s) => changes.push(s) });
    const err = await host.load(plan).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ModelIntegrityError);
    expect(err).toMatchObject({ file: 'onnx/model_quantized.onnx', reason: 'sha256' });
    await new Promise((r) => setTimeout(r, 0));
    expect(changes.at(-1)).toMatchObject({ phase: 'error', error: 'model_error_integrity', errorDetail: 'onnx/model_quantized.onnx' });
    expect(t('model_error_integrity', 'onnx/model_quantized.onnx')).toMatch(/was not the expected one \(onnx\/model_quantized.onnx\), so nothing was kept/);
    // The same bytes, once right, load: nothing wrong was kept in between.
    hub.state.tamper = false;
    await expect(host.load(plan)).resolves.toBeTruthy();
    await host.dispose();
  });

  it('stops a file at its size: a bigger one is cut off, a download without checks is refused', async () => {
    const small = plan.files!.map((f) => (f.path.endsWith('model_quantized.onnx') ? { ...f, size: f.size! - 1, maxBytes: f.maxBytes - 1 } : f));
    const host = createModelHost({ localModelPath: `${root}/` });
    await expect(host.load({ ...plan, files: small })).rejects.toMatchObject({ name: 'ModelIntegrityError', reason: 'size' });
    // Size known only as a cap, no hash: a file within the cap passes.
    const capped = plan.files!.map((f) => ({ ...f, size: null, sha256: null, maxBytes: f.maxBytes + 100 }));
    await expect(host.load({ ...plan, files: capped })).resolves.toBeTruthy();
    await expect(host.load({ ...plan, revision: 'other', files: [] })).rejects.toThrow(/list of its files/);
    await host.dispose();
  });

  it('a stalled download fails within the stall time, closes the host, and a retry then succeeds', async () => {
    const statusDb = openDb(`stall-${Math.random()}`);
    await statusDb.open();
    let closed = 0;
    const makeService = () => {
      const host = createModelHost({ localModelPath: `${root}/`, onStatus: (c) => void writeModelStatus(statusDb, c) });
      return { host, service: createHostService(statusDb, host, () => void host.dispose().finally(() => closed++)) };
    };
    hub.state.stall = true;
    const first = makeService();
    const started = Date.now();
    const err = await first.service.load(plan, 60_000, 1_500).catch((e: unknown) => e);
    const took = Date.now() - started;
    expect(err).toBeInstanceOf(ModelTimeoutError);
    expect(took).toBeLessThan(6_000); // 1.5 s of silence after the half that was sent (noisy on a shared machine)
    await new Promise((r) => setTimeout(r, 50));
    expect(await readModelStatus(statusDb)).toMatchObject({ modelId: MODEL, phase: 'error', error: 'model_error_timeout', errorDetail: '2' });
    expect(closed).toBe(1); // the host asked to be closed
    first.service.stop();

    hub.state.stall = false;
    const retry = makeService();
    await retry.service.load(plan, 60_000, 1_500);
    expect(await readModelStatus(statusDb)).toMatchObject({ phase: 'ready', source: 'download' });
    retry.service.stop();
    await retry.host.dispose();
    statusDb.close();
    await statusDb.delete();
  });
});
