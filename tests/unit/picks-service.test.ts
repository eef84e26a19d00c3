import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { makeTestModel } from '../../scripts/make-test-model';
import { createModelHost, type ModelHost } from '../../lib/model/host';
import { createModelControl, type ModelRunner } from '../../lib/model/control';
import { DEFAULT_MODEL_ID } from '../../lib/model/catalog';
import { KV } from '../../lib/store/kv';
import { createCurator } from '../../lib/background/curator';
import { openDb, type CuratorDb } from '../../lib/store/db';
import { extractFromHtml } from '../../lib/core/extract/from-html';
import { Requests, type RequestPayload, type RequestType, type Responses } from '../../lib/protocol/requests';
import { CuratorError } from '../../lib/protocol/errors';
import { storedCorpus } from '../../lib/background/services/corpus-store';
import { AGNEWS_CSV } from '../../scripts/shared-data';
import { readNews } from '../../scripts/agnews';
import { frontPageHtml, frontPageItems } from '../../scripts/front-pages';
import { pageHtml } from './pages';

let db: CuratorDb;
let pages: Map<number, unknown>;
let reads: number;

function call<T extends RequestType>(c: ReturnType<typeof curator>, type: T, payload: RequestPayload<T>) {
  const handler = c.handlers[type] as (p: unknown, s: object) => Promise<Responses[T]>;
  return handler(Requests[type].parse(payload), {});
}

function curator() {
  return createCurator({
    db,
    readTab: async (tabId) => {
      reads++;
      if (!pages.has(tabId)) throw new CuratorError('no-tab', 'That tab is closed.');
      return pages.get(tabId);
    },
  });
}

const FRONT = 'https://news.example/';
const shown = frontPageItems(readNews(AGNEWS_CSV).slice(0, 400), 0, { origin: 'https://news.example' })!;

beforeEach(async () => {
  db = openDb(`test-${Math.random()}`);
  await db.open();
  reads = 0;
  pages = new Map([
    [1, extractFromHtml(frontPageHtml(shown), FRONT)],
    [2, extractFromHtml(pageHtml('tmz-1'), 'https://www.tmz.com/story/')],
  ]);
});
afterEach(async () => {
  db.close();
  await db.delete();
});

const world = {
  name: 'World Desk',
  description: 'Shares international news about governments, diplomacy, conflicts and elections around the world.',
  keywords: ['world', 'international', 'government', 'war', 'election'],
};
const sports = { name: 'Sports Desk', description: 'Posts results and stories about teams, players, matches and tournaments.', keywords: ['sports', 'game', 'team', 'season', 'championship'] };

describe('picks service', () => {
  it('a front page: no suggestions, picks for each persona from the links read with it, nothing counted or cached on disk', async () => {
    const c = curator();
    await call(c, 'personas.import', { text: JSON.stringify({ personas: [world, sports] }) });
    const suggested = await call(c, 'suggest', { tabId: 1 });
    expect(suggested.page.notArticle).toBe('listing');
    expect(suggested.suggestions).toEqual([]);
    expect('links' in suggested.page).toBe(false);
    const corpusBefore = (await storedCorpus(db)).docs;
    const cacheBefore = await db.scoreCache.count();
    const result = await call(c, 'picks', { tabId: 1, url: FRONT });
    // The links came from the suggestion's read: the tab was not read again.
    expect(reads).toBe(1);
    expect(result.listing).toBe(true);
    expect(result.links).toBeGreaterThanOrEqual(36);
    expect(result.picks.length).toBeGreaterThan(0);
    expect(result.refinable).toBe(false);
    for (const name of ['World Desk', 'Sports Desk']) expect(result.picks.filter((p) => p.name === name).length).toBeLessThanOrEqual(3);
    expect(result.picks.every((p) => shown.some((i) => i.url === p.url && i.title === p.headline))).toBe(true);
    expect((await storedCorpus(db)).docs).toBe(corpusBefore);
    expect(await db.scoreCache.count()).toBe(cacheBefore);
    // Asked again: the same picks, from memory.
    expect((await call(c, 'picks', { tabId: 1, url: FRONT })).picks).toEqual(result.picks);
  });

  it('curates a pick unread under its headline and persona; refuses an address the tab did not list', async () => {
    const c = curator();
    await call(c, 'personas.import', { text: JSON.stringify({ personas: [world, sports] }) });
    const { picks } = await call(c, 'picks', { tabId: 1, url: FRONT });
    expect(reads).toBe(1);
    const pick = picks[0]!;
    const item = await call(c, 'picks.curate', { tabId: 1, url: pick.url, personaId: pick.personaId });
    expect(item).toMatchObject({ url: pick.url, title: pick.headline, personaName: pick.name, status: 'queued', source: 'pick', quote: '' });
    await expect(call(c, 'picks.curate', { tabId: 1, url: 'https://evil.example/phish' })).rejects.toThrow(/no longer on the page/);
    expect(await db.queue.count()).toBe(1);
    // A worker stopped since the picks were shown: the new one reads the tab again and queues the pick.
    const restarted = curator();
    const other = picks[1]!;
    expect(await call(restarted, 'picks.curate', { tabId: 1, url: other.url, personaId: other.personaId })).toMatchObject({ url: other.url, title: other.headline, source: 'pick' });
    expect(reads).toBe(2);
  });

  it('an article keeps its suggestions; its related links are picks too', async () => {
    const c = curator();
    await call(c, 'personas.import', { text: JSON.stringify({ personas: [world, sports] }) });
    const suggested = await call(c, 'suggest', { tabId: 2 });
    expect(suggested.page.notArticle).toBeNull();
    expect(suggested.suggestions).toHaveLength(2);
    const result = await call(c, 'picks', { tabId: 2, url: 'https://www.tmz.com/story/' });
    expect(result.listing).toBe(false);
    expect(result.links).toBeGreaterThan(5);
  });
});

describe('picks refined by the model', () => {
  // The generated tiny model (real transformers.js + ONNX Runtime inference) under the built-in model's name.
  const modelRoot = mkdtempSync(join(tmpdir(), 'pc-picks-'));
  let host: ModelHost;
  beforeAll(() => {
    makeTestModel(join(modelRoot, 'tiny'), 'tiny', readFileSync(new URL('../../README.md', import.meta.url).pathname, 'utf8'));
    host = createModelHost({ localModelPath: `${modelRoot}/` });
  });
  afterAll(async () => host.dispose());

  it('word matching first, then the model in a few batched requests, teaching the model nothing', async () => {
    const embedded: { texts: number; kind: string }[] = [];
    const runner: ModelRunner = {
      load: async (p) => void (await host.load({ ...p, modelId: 'tiny' })),
      embed: async (p, texts, kind) => {
        embedded.push({ texts: texts.length, kind });
        return host.embed({ ...p, modelId: 'tiny' }, texts, kind);
      },
      close: async () => undefined,
    };
    const c = createCurator({ db, readTab: async (tabId) => pages.get(tabId), model: createModelControl({ db, runner, bundledIds: async () => [DEFAULT_MODEL_ID] }) });
    await call(c, 'personas.import', { text: JSON.stringify({ personas: [world, sports] }) });
    const first = await call(c, 'picks', { tabId: 1, url: FRONT });
    expect(first.mode).toBe('lexical');
    expect(first.refinable).toBe(true);
    expect(embedded).toEqual([]);
    const refined = await call(c, 'picks', { tabId: 1, url: FRONT, refine: true });
    expect(refined.refinable).toBe(false);
    expect(refined.mode).not.toBe('lexical');
    expect(refined.picks.length).toBeGreaterThan(0);
    // Every link's passages (one or more each, by the model's window) in requests of up to 200 texts, not one per link.
    const passages = embedded.filter((e) => e.kind === 'passage');
    const texts = passages.reduce((n, e) => n + e.texts, 0);
    expect(texts).toBeGreaterThanOrEqual(first.links);
    expect(passages).toHaveLength(Math.ceil(texts / 200));
    expect(await db.kv.get(KV.semantic)).toBeUndefined();
    expect(await db.vectors.toCollection().primaryKeys()).toEqual(expect.not.arrayContaining([expect.stringContaining('|page|')]));
    // Asked again: from memory, no inference.
    const again = await call(c, 'picks', { tabId: 1, url: FRONT, refine: true });
    expect(again.picks).toEqual(refined.picks);
    expect(embedded.filter((e) => e.kind === 'passage')).toHaveLength(passages.length);
  }, 60_000);
});
