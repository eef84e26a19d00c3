import { readFileSync } from 'node:fs';
import Dexie, { type DBCore, type DBCoreMutateRequest } from 'dexie';
import Papa from 'papaparse';
import { afterEach, describe, expect, it } from 'vitest';
import { createCurator } from '../../lib/background/curator';
import { appendPage, COMPACT_EVERY, readCorpus, storedCorpus, writeSnapshot } from '../../lib/background/services/corpus-store';
import { isHead } from '../../lib/store/corpus';
import { openDb, type CuratorDb } from '../../lib/store/db';
import { KV } from '../../lib/store/kv';
import { extractFromHtml } from '../../lib/core/extract/from-html';
import type { PageSnapshot } from '../../lib/core/extract/snapshot';
import { Requests, type RequestPayload, type RequestType, type Responses } from '../../lib/protocol/requests';
import { emptyStats, scorePage, toStored, type CorpusStats, type ScoringPersona } from '../../lib/core/score';
import { termCounts } from '../../lib/core/score/learn';
import { AGNEWS_CSV } from '../../scripts/shared-data';
import { pageHtml } from './pages';

const opened: CuratorDb[] = [];
afterEach(async () => {
  for (const db of opened.splice(0)) {
    db.close();
    await db.delete();
  }
});

function database(): CuratorDb {
  const db = openDb(`corpus-${Math.random()}`);
  opened.push(db);
  return db;
}

/** AG News items as pages: real text, short, many distinct words between them. */
const news = Papa.parse<string[]>(readFileSync(AGNEWS_CSV, 'utf8'), { skipEmptyLines: true })
  .data.slice(1, 1_001)
  .map(([, title = '', text = ''], i) => ({ title: title.replace(/\\/g, ' '), text: text.replace(/\\/g, ' '), lang: 'en', url: `https://news.example/${i}` }));

const { personas: evalPersonas } = JSON.parse(readFileSync(new URL('../eval/personas.json', import.meta.url), 'utf8')) as { personas: Omit<ScoringPersona, 'id'>[] };
const scoring: ScoringPersona[] = evalPersonas.map((p, i) => ({ ...p, avoid: p.avoid ?? [], id: `p${i}` }));

function snapshotOf(page: (typeof news)[number]): PageSnapshot {
  return {
    url: page.url,
    canonicalUrl: null,
    title: page.title,
    byline: null,
    siteName: 'news.example',
    lang: 'en',
    dir: 'ltr',
    excerpt: page.text.slice(0, 200),
    text: page.text,
    leadImage: null,
    publishedTime: null,
    selection: null,
    wordCount: page.text.split(/\s+/).length,
    notArticle: null,
    truncated: false,
  };
}

function curatorOn(db: CuratorDb, tab: { page: unknown }) {
  const c = createCurator({ db, readTab: async () => tab.page });
  return <T extends RequestType>(type: T, payload: RequestPayload<T>): Promise<Responses[T]> => {
    const handler = c.handlers[type] as (p: unknown, s: object) => Promise<Responses[T]>;
    return handler(Requests[type].parse(payload), {});
  };
}

/**
 * The same statistics, to the last bit, except each profile's sum of squares: decoding recomputes it
 * (lib/core/score/stats `fromStored`), and the sum kept page by page rounds differently in its last bits.
 */
function expectSameStats(actual: CorpusStats, expected: CorpusStats): void {
  const [a, e] = [toStored(actual, 'r'), toStored(expected, 'r')];
  expect(Object.keys(a.reading)).toEqual(Object.keys(e.reading));
  for (const [key, p] of Object.entries(a.reading)) {
    expect(p.sq).toBeCloseTo(e.reading[key]!.sq, 9);
    p.sq = e.reading[key]!.sq;
  }
  expect(a).toEqual(e);
}

/** Every string a stored value holds (keys of plain objects aside). */
function strings(value: unknown, out: string[] = []): string[] {
  if (typeof value === 'string') out.push(value);
  else if (Array.isArray(value)) for (const v of value) strings(v, out);
  else if (value && typeof value === 'object' && !ArrayBuffer.isView(value)) for (const v of Object.values(value)) strings(v, out);
  return out;
}

/** Bytes of a stored value: UTF-8 of its strings, typed arrays' buffers, 8 a number. */
function bytes(value: unknown): number {
  if (typeof value === 'string') return new TextEncoder().encode(value).length;
  if (ArrayBuffer.isView(value)) return value.byteLength;
  if (value && typeof value === 'object') return Object.entries(value).reduce((s, [k, v]) => s + k.length + bytes(v), 0);
  return 8;
}

/** Records every write that reaches the database (Dexie's storage layer, below the tables' API). */
function recordWrites(db: CuratorDb): { table: string; req: DBCoreMutateRequest }[] {
  const writes: { table: string; req: DBCoreMutateRequest }[] = [];
  db.use({
    stack: 'dbcore',
    name: 'record-writes',
    create: (down: DBCore): DBCore => ({
      ...down,
      table: (name) => {
        const table = down.table(name);
        return {
          ...table,
          mutate: (req) => {
            writes.push({ table: name, req });
            return table.mutate(req);
          },
        };
      },
    }),
  });
  return writes;
}

describe('corpus statistics are stored a page at a time', () => {
  it('a new page writes only what that page taught (its own terms, a small head), however much was learned before', async () => {
    const db = database();
    const writes = recordWrites(db);
    const tab = { page: null as unknown };
    const call = curatorOn(db, tab);
    await call('personas.import', { text: JSON.stringify({ personas: evalPersonas }) });
    // A history of 300 real pages, learned the way the curator learns them.
    for (const item of news.slice(0, 300)) {
      tab.page = snapshotOf(item);
      await call('suggest', { tabId: 1 });
    }
    const learned = await storedCorpus(db);
    expect(learned.docs).toBe(300);
    expect(learned.df.size).toBeGreaterThan(2_000);

    const page = extractFromHtml(pageHtml('v8-blog'), 'https://v8.dev/blog/ignition');
    tab.page = page;
    writes.length = 0;
    await call('suggest', { tabId: 1 });
    const own = termCounts(`${page.title}\n${page.text}`, 'en');
    const kv = writes.filter((w) => w.table === 'kv' && w.req.type === 'put').flatMap((w) => (w.req as unknown as { values: { key: string; value: unknown }[] }).values);
    const log = writes.filter((w) => w.table === 'corpusLog').flatMap((w) => (w.req as unknown as { values?: { delta: unknown }[] }).values ?? []);
    // The statistics' only kv write is the head: a few numbers, not the document frequencies.
    expect(kv.map((r) => r.key)).toEqual([KV.stats]);
    expect(isHead(kv[0]!.value)).toBe(true);
    expect(bytes(kv[0]!.value)).toBeLessThan(200);
    // And one log row, whose terms are the page's own (the self-training key aside).
    expect(log).toHaveLength(1);
    const terms = strings(log[0]!.delta).filter((s) => !own.has(s));
    expect(terms.length).toBeLessThanOrEqual(1);
    expect(bytes(log[0]!.delta)).toBeLessThan(40 * own.size + 200);
    expect((await storedCorpus(db)).docs).toBe(301);
  });

  it('two windows scoring in turn on one database: every page counted once, and both learn what the other wrote', async () => {
    const db = database();
    const tabA = { page: null as unknown };
    const tabB = { page: null as unknown };
    const a = curatorOn(db, tabA);
    const b = curatorOn(db, tabB);
    await a('personas.import', { text: JSON.stringify({ personas: evalPersonas }) });
    const items = news.slice(0, 60);
    for (const [i, item] of items.entries()) {
      const [call, tab] = i % 3 === 0 ? [b, tabB] : [a, tabA];
      tab.page = snapshotOf(item);
      await call('suggest', { tabId: 1 });
      // A page seen again in the other window is not counted again.
      if (i % 7 === 0) {
        const [other, otherTab] = call === a ? [b, tabB] : [a, tabA];
        otherTab.page = snapshotOf(item);
        await other('suggest', { tabId: 1, refresh: true });
      }
    }
    // The same pages read in one window, from the same personas: the same statistics, to the last bit.
    const personas = (await db.personas.orderBy('updatedAt').toArray()).filter((p) => p.enabled);
    const alone = emptyStats();
    for (const item of items) scorePage(snapshotOf(item), personas, alone);
    const stored = await storedCorpus(db);
    expect(stored.docs).toBe(items.length);
    expect(Object.keys(stored.reading ?? {}).length).toBeGreaterThan(0);
    expectSameStats(stored, alone);
  });

  it(`folds the page log into a snapshot every ${COMPACT_EVERY} pages, and a reader starting afresh (a new worker) reads what was learned`, async () => {
    const db = database();
    const live = emptyStats();
    let copy: { at: NonNullable<Awaited<ReturnType<typeof readCorpus>>['at']>; stats: CorpusStats } | null = null;
    const items = news.slice(0, 2 * COMPACT_EVERY + 7);
    for (const item of items) {
      const { learned } = scorePage(item, scoring, live);
      const at = await db.transaction('rw', db.kv, db.corpusLog, async () => appendPage(db, (await readCorpus(db)).at, live, learned!));
      expect(at.seq - at.base).toBeLessThanOrEqual(COMPACT_EVERY);
      // A window that read the statistics part-way catches up from the log alone.
      if (item === items[150]) copy = { at, stats: await storedCorpus(db) };
    }
    expect(await db.corpusLog.count()).toBeLessThanOrEqual(COMPACT_EVERY);
    expect(await db.corpusLog.count()).toBeGreaterThan(0);
    const head = (await db.kv.get(KV.stats))!.value as { docs: number };
    expect(head.docs).toBe(items.length);
    expectSameStats(await storedCorpus(db), live);
    // Its copy predates a snapshot: it is not trusted, the snapshot and the log are read instead.
    const caughtUp = await db.transaction('r', db.kv, db.corpusLog, () => readCorpus(db, copy));
    expect(caughtUp.stats).not.toBe(copy!.stats);
    expectSameStats(caughtUp.stats, live);
    // A copy taken since the last snapshot is brought up to date from the rows logged after it.
    const recent = await db.transaction('r', db.kv, db.corpusLog, () => readCorpus(db));
    const more = emptyStats();
    for (const item of items) scorePage(item, scoring, more);
    const { learned } = scorePage(news[900]!, scoring, more);
    await db.transaction('rw', db.kv, db.corpusLog, async () => appendPage(db, (await readCorpus(db)).at, more, learned!));
    const updated = await db.transaction('r', db.kv, db.corpusLog, () => readCorpus(db, { at: recent.at!, stats: recent.stats }));
    expect(updated.stats).toBe(recent.stats);
    expectSameStats(updated.stats, more);
  });

  it('migrates the statistics stored whole (schema version 3, either stored form): nothing lost, and the next page counts on top', async () => {
    const learned = emptyStats();
    for (const item of news.slice(0, 120)) scorePage(item, scoring, learned);
    expect(Object.keys(learned.reading ?? {}).length).toBeGreaterThan(0);
    const legacy = { docs: 3, totalTerms: 30, df: { team: 3, constructor: 2 }, reading: {} };
    for (const [form, value] of [
      ['v2 (two buffers a table)', toStored(learned, 'old-rev')],
      ['plain objects', legacy],
    ] as const) {
      const name = `v3-${Math.random()}`;
      const old = new Dexie(name);
      old.version(1).stores({ personas: 'id, &nameKey, updatedAt', queue: 'id, &dedupeKey, createdAt, personaId, status', scoreCache: 'key, createdAt', kv: 'key' });
      old.version(2).stores({ vectors: 'key, createdAt' });
      old.version(3).stores({});
      await old.open();
      await old.table('kv').put({ key: 'corpusStats', value });
      await old.table('kv').put({ key: 'settings', value: { threshold: 0.3 } });
      old.close();

      const db = openDb(name);
      opened.push(db);
      await db.open();
      expect(isHead((await db.kv.get(KV.stats))?.value), form).toBe(true);
      const expected = form === 'plain objects' ? { docs: 3, df: { team: 3, constructor: 2 } } : { docs: learned.docs, df: learned.df.toRecord() };
      const read = await storedCorpus(db);
      expect(read.docs, form).toBe(expected.docs);
      expect(read.df.toRecord(), form).toEqual(expected.df);
      if (form !== 'plain objects') expectSameStats(read, learned);
      expect((await db.kv.get(KV.settings))?.value).toEqual({ threshold: 0.3 });

      const tab = { page: snapshotOf(news[500]!) };
      const call = curatorOn(db, tab);
      await call('personas.import', { text: JSON.stringify({ personas: evalPersonas }) });
      await call('suggest', { tabId: 1 });
      expect((await storedCorpus(db)).docs, form).toBe(expected.docs + 1);
      expect(await db.corpusLog.count(), form).toBeLessThanOrEqual(1);
    }
  });

  it('writing a snapshot drops the log it contains', async () => {
    const db = database();
    const live = emptyStats();
    for (const item of news.slice(0, 5)) {
      const { learned } = scorePage(item, scoring, live);
      await db.transaction('rw', db.kv, db.corpusLog, async () => appendPage(db, (await readCorpus(db)).at, live, learned!));
    }
    expect(await db.corpusLog.count()).toBe(4);
    await db.transaction('rw', db.kv, db.corpusLog, async () => writeSnapshot(db, live, (await readCorpus(db)).at));
    expect(await db.corpusLog.count()).toBe(0);
    expectSameStats(await storedCorpus(db), live);
  });
});
