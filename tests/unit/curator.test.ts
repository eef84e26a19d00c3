import Dexie from 'dexie';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createCurator } from '../../lib/background/curator';
import { openDb, type CuratorDb } from '../../lib/store/db';
import { extractFromHtml } from '../../lib/core/extract/from-html';
import { Requests, type RequestPayload, type RequestType, type Responses } from '../../lib/protocol/requests';
import { createRouter } from '../../lib/protocol/router';
import { exportPersonas } from '../../lib/core/personas/transfer';
import type { Persona } from '../../lib/core/personas/schema';
import { CuratorError } from '../../lib/protocol/errors';
import { seedKey, storedRev } from '../../lib/core/score';
import { storedCorpus } from '../../lib/background/services/corpus-store';
import { pageHtml } from './pages';
import { makeTestModel } from '../../scripts/make-test-model';
import { createModelHost, type ModelHost } from '../../lib/model/host';
import { createModelControl, type ModelRunner } from '../../lib/model/control';
import { DEFAULT_MODEL_ID } from '../../lib/model/catalog';
import { KV } from '../../lib/store/kv';
import type { PushPayload } from '../../lib/protocol/requests';

let db: CuratorDb;
let pages: Map<number, unknown>;
let reads: number;

/** Calls a handler the way the router does: with the payload parsed by its schema. */
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

beforeEach(async () => {
  db = openDb(`test-${Math.random()}`);
  await db.open();
  reads = 0;
  pages = new Map([
    [1, extractFromHtml(pageHtml('aclu'), 'https://www.aclu.org/blog/facebook-tracking')],
    [2, extractFromHtml(pageHtml('v8-blog'), 'https://v8.dev/blog/ignition?utm_source=rss')],
    [3, extractFromHtml(pageHtml('ol'), 'https://example.org/list')],
  ]);
});
afterEach(async () => {
  db.close();
  await db.delete();
});

const privacy = { name: 'Privacy Advocate', description: 'Stories about surveillance and digital rights.', keywords: ['privacy', 'tracking', 'surveillance'] };
const engines = { name: 'Engine Nerd', description: 'JavaScript engines and compilers.', keywords: ['javascript', 'interpreter', 'bytecode', 'compiler'] };

describe('curator', () => {
  it('installs the three sample personas once, marked as samples', async () => {
    const c = curator();
    expect(await c.installSamples()).toBe(3);
    expect(await c.installSamples()).toBe(0);
    const all = await db.personas.toArray();
    expect(all).toHaveLength(3);
    expect(all.every((p) => p.sample)).toBe(true);
    await db.personas.clear();
    expect(await c.installSamples()).toBe(0);
  });

  it('suggests the right persona for real pages and serves a revisit from the content-hash cache', async () => {
    const c = curator();
    await call(c, 'personas.import', { text: JSON.stringify({ personas: [privacy, engines] }) });
    const first = await call(c, 'suggest', { tabId: 1 });
    expect(first.suggestions[0]!.name).toBe('Privacy Advocate');
    expect(first.suggestions[0]!.suggested).toBe(true);
    expect(first.cached).toBe(false);
    expect(first.page.title).toMatch(/Facebook Is Tracking Me/);
    expect(first.page).not.toHaveProperty('text');
    const again = await call(c, 'suggest', { tabId: 1 });
    expect(again.cached).toBe(true);
    expect(again.suggestions).toEqual(first.suggestions);
    const v8 = await call(c, 'suggest', { tabId: 2 });
    expect(v8.suggestions[0]!.name).toBe('Engine Nerd');
  });

  it('recomputes after a persona edit instead of serving stale scores', async () => {
    const c = curator();
    await call(c, 'personas.import', { text: JSON.stringify({ personas: [privacy] }) });
    await call(c, 'suggest', { tabId: 1 });
    const [p] = await db.personas.toArray();
    await call(c, 'personas.save', { id: p!.id, persona: { ...privacy, keywords: ['facebook'] } });
    const after = await call(c, 'suggest', { tabId: 1 });
    expect(after.cached).toBe(false);
    expect(after.suggestions[0]!.reason.matchedTerms).toContain('facebook');
  });

  it('says "not an article" with no suggestions for a page that is not one', async () => {
    const c = curator();
    await c.installSamples();
    const r = await call(c, 'suggest', { tabId: 3 });
    expect(r.page.notArticle).toBe('not-readerable');
    expect(r.suggestions).toEqual([]);
  });

  it('curates an article exactly once, however many times it is curated', async () => {
    const c = curator();
    await call(c, 'personas.import', { text: JSON.stringify({ personas: [privacy, engines] }) });
    const a = await call(c, 'curate', { tabId: 2, source: 'popup' });
    const b = await call(c, 'curate', { tabId: 2, source: 'sidepanel' });
    expect(b.id).toBe(a.id);
    expect(await db.queue.count()).toBe(1);
    expect(a.personaName).toBe('Engine Nerd');
    expect(a.url).toMatch(/^https:\/\//);
    expect(a.quote.length).toBeGreaterThan(0);
  });

  it('curates from the context menu: a selection becomes the quote, a link is queued unread', async () => {
    const c = curator();
    await call(c, 'personas.import', { text: JSON.stringify({ personas: [privacy] }) });
    const sel = await c.curateFromContextMenu({ menuItemId: 'curate-selection', selectionText: '  Facebook tracks   people ' }, 1);
    expect(sel.quote).toBe('Facebook tracks people');
    expect(sel.source).toBe('context-selection');
    const readsBefore = reads;
    const link = await c.curateFromContextMenu({ menuItemId: 'curate-link', linkUrl: 'https://example.org/next-story' }, 1);
    expect(reads).toBe(readsBefore);
    expect(link).toMatchObject({ url: 'https://example.org/next-story', personaId: null, source: 'context-link' });
    await expect(c.curateFromContextMenu({ menuItemId: 'curate-link', linkUrl: 'javascript:alert(1)' }, 1)).rejects.toThrow(/http or https/);
    expect(await db.queue.count()).toBe(2);
  });

  it('imports whole or not at all: a bad file changes nothing already stored', async () => {
    const c = curator();
    await c.installSamples();
    const before = await db.personas.toArray();
    await expect(call(c, 'personas.import', { text: '{"personas":[{"name":"Ok","description":"fine"},{"name":"","description":"x"}]}' })).rejects.toThrow(/persona 2/);
    expect(await db.personas.toArray()).toEqual(before);
  });

  it('imports by name: an existing persona is updated, a new one added', async () => {
    const c = curator();
    await c.installSamples();
    const r = await call(c, 'personas.import', { text: JSON.stringify({ personas: [{ name: 'policy watch', description: 'Mine now', keywords: ['law'] }, privacy] }) });
    expect(r).toEqual({ added: 1, updated: 1 });
    const pw = await db.personas.where('nameKey').equals('policy watch').first();
    expect(pw).toMatchObject({ description: 'Mine now', sample: false });
  });

  it('refuses a second persona with the same name', async () => {
    const c = curator();
    await call(c, 'personas.save', { persona: privacy });
    await expect(call(c, 'personas.save', { persona: { ...privacy, name: 'PRIVACY advocate' } })).rejects.toThrow(/already exists/);
  });

  it('scores switched-off personas no more', async () => {
    const c = curator();
    await call(c, 'personas.import', { text: JSON.stringify({ personas: [privacy, engines] }) });
    const p = await db.personas.where('nameKey').equals('privacy advocate').first();
    await call(c, 'personas.setEnabled', { id: p!.id, enabled: false });
    const r = await call(c, 'suggest', { tabId: 1 });
    expect(r.suggestions.map((s) => s.name)).toEqual(['Engine Nerd']);
  });

  it('keeps suggesting when storage is full, and says so when saving', async () => {
    const c = curator();
    await call(c, 'personas.import', { text: JSON.stringify({ personas: [privacy] }) });
    const quota = () => Promise.reject(Object.assign(new Error('quota'), { name: 'QuotaExceededError' }));
    db.scoreCache.put = quota as never;
    db.queue.add = quota as never;
    const r = await call(c, 'suggest', { tabId: 1 });
    expect(r.suggestions[0]!.name).toBe('Privacy Advocate');
    await expect(call(c, 'curate', { tabId: 1, source: 'popup' })).rejects.toMatchObject({ code: 'quota', message: expect.stringMatching(/storage is full/) });
    expect(await db.queue.count()).toBe(0);
  });
});

describe('persona packs: a teammate takes over for the weekend', () => {
  it('the exported pack (voices, styles, hashtags, learned examples) gives a teammate the same suggestions', async () => {
    const mine = curator();
    await call(mine, 'personas.import', {
      text: JSON.stringify({
        personas: [privacy, { name: 'Engine Nerd', description: 'JavaScript engines and compilers.', keywords: ['v8', 'compiler'], hashtags: ['js'], style: 'question', voice: 'Curious.' }],
      }),
    });
    await call(mine, 'feedback', { tabId: 2, personaId: (await db.personas.where('nameKey').equals('engine nerd').first())!.id, positive: true });
    const pack = exportPersonas(await db.personas.toArray());

    const teammateDb = openDb(`teammate-${Math.random()}`);
    const teammate = createCurator({ db: teammateDb, readTab: async (tabId) => pages.get(tabId) });
    await call(teammate, 'personas.import', { text: pack });
    const strip = (p: Persona) => ({ ...p, id: '', createdAt: 0, updatedAt: 0, examples: p.examples.map((e) => ({ ...e, addedAt: 0 })) });
    const byName = (xs: Persona[]) => [...xs].sort((a, b) => a.name.localeCompare(b.name)).map(strip);
    expect(byName(await teammateDb.personas.toArray())).toEqual(byName(await db.personas.toArray()));

    // Scored from the same starting point (no pages read yet), the same page ranks the same, with the same scores and drafts' voices.
    await db.kv.delete('corpusStats');
    await db.scoreCache.clear();
    for (const tabId of [1, 2]) {
      const a = await call(mine, 'suggest', { tabId, refresh: true });
      const b = await call(teammate, 'suggest', { tabId, refresh: true });
      expect(b.suggestions.map((s) => [s.name, s.score])).toEqual(a.suggestions.map((s) => [s.name, s.score]));
      expect(Object.values(b.voices).sort((x, y) => x.style.localeCompare(y.style))).toEqual(Object.values(a.voices).sort((x, y) => x.style.localeCompare(y.style)));
      await db.kv.delete('corpusStats');
      await teammateDb.kv.delete('corpusStats');
    }
  });
});

describe('storage that will not open', () => {
  it('still suggests (with the sample personas), says it cannot save, and refuses to curate in plain words', async () => {
    const refuse = () => {
      throw new DOMException('A mutation operation was attempted on a database that did not allow mutations.', 'InvalidStateError');
    };
    const broken = new Dexie('private-mode', { indexedDB: { open: refuse, deleteDatabase: refuse, cmp: indexedDB.cmp.bind(indexedDB) } as unknown as IDBFactory, IDBKeyRange }) as CuratorDb;
    broken.version(1).stores({ personas: 'id, &nameKey, updatedAt', queue: 'id, &dedupeKey, createdAt, personaId, status', scoreCache: 'key, createdAt', kv: 'key', vectors: 'key, createdAt' });
    const c = createCurator({ db: broken, readTab: async () => pages.get(1) });
    const r = await call(c, 'suggest', { tabId: 1 });
    expect(r.storage).toBe('unavailable');
    expect(r.suggestions.length).toBe(3);
    expect(r.suggestions.map((s) => s.name)).toContain('Policy Watch');
    await expect(call(c, 'curate', { tabId: 1, source: 'popup' })).rejects.toMatchObject({ code: 'storage', message: expect.stringMatching(/won't let Persona Curator open its storage/) });
  });

  it('counts a page in the statistics once, even when the worker stops before its scores are cached', async () => {
    const c = curator();
    await call(c, 'personas.import', { text: JSON.stringify({ personas: [privacy] }) });
    const put = db.scoreCache.put.bind(db.scoreCache);
    let failNext = true;
    // The first answer is lost after the statistics were written (as if the worker had stopped there).
    db.scoreCache.put = ((row: { key: string }) => {
      if (failNext && !row.key.endsWith(':counted') && !Dexie.currentTransaction) {
        failNext = false;
        return Promise.reject(new Error('worker stopped'));
      }
      return put(row as never);
    }) as never;
    await call(c, 'suggest', { tabId: 1 });
    const docs = ((await db.kv.get('corpusStats'))?.value as { docs: number }).docs;
    await call(c, 'suggest', { tabId: 1, refresh: true });
    expect(((await db.kv.get('corpusStats'))?.value as { docs: number }).docs).toBe(docs);
  });
});

describe('message protocol', () => {
  const self = { id: 'ext', pageOrigin: 'chrome-extension://ext/' };
  const page = { id: 'ext', url: 'chrome-extension://ext/popup.html' };

  it('has exactly one handler for every message type', () => {
    const c = createCurator({ db: openDb('meta'), readTab: async () => null });
    expect(Object.keys(c.handlers).sort()).toEqual(Object.keys(Requests).sort());
  });

  it('refuses content scripts, other extensions and web pages', async () => {
    const route = createRouter(curator().handlers, self);
    const msg = { type: 'personas.delete', payload: { id: 'x' } };
    for (const sender of [{ id: 'ext', url: 'https://evil.example/', tab: { id: 1 } }, { id: 'other', url: 'chrome-extension://other/x.html' }, {}]) {
      expect(await route(msg, sender)).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    }
  });

  it('validates each message on arrival', async () => {
    const route = createRouter(curator().handlers, self);
    expect(await route({ type: 'nope', payload: {} }, page)).toMatchObject({ ok: false, error: { code: 'bad-request' } });
    expect(await route('junk', page)).toMatchObject({ ok: false, error: { code: 'bad-request' } });
    expect(await route({ type: 'suggest', payload: { tabId: -1 } }, page)).toMatchObject({ ok: false, error: { code: 'invalid' } });
    expect(await route({ type: 'personas.save', payload: { persona: { name: '', description: 'x' } } }, page)).toMatchObject({
      ok: false,
      error: { code: 'invalid', message: expect.stringMatching(/name/) },
    });
    expect(await route({ type: 'suggest', payload: { tabId: 99 } }, page)).toMatchObject({ ok: false, error: { code: 'no-tab' } });
  });

  it('answers a valid request from an extension page', async () => {
    const route = createRouter(curator().handlers, self);
    const r = await route({ type: 'personas.save', payload: { persona: { name: 'New', description: 'One sentence.' } } }, page);
    expect(r).toMatchObject({ ok: true, data: { name: 'New', enabled: true, sample: false } });
  });
});

describe('learning from the person', () => {
  it('curate and thumbs store examples with the persona, once per article; the edit form keeps them; reset forgets', async () => {
    const c = curator();
    await call(c, 'personas.import', { text: JSON.stringify({ personas: [privacy, engines] }) });
    const item = await call(c, 'curate', { tabId: 2, source: 'popup' });
    const engine = (await db.personas.get(item.personaId!))!;
    expect(engine.examples).toHaveLength(1);
    expect(engine.examples[0]).toMatchObject({ positive: true, source: 'curate', url: expect.stringMatching(/^https:\/\/v8\.dev/) });
    await call(c, 'curate', { tabId: 2, source: 'popup' });
    expect((await db.personas.get(engine.id))!.examples).toHaveLength(1);
    const privacyId = (await db.personas.where('nameKey').equals('privacy advocate').first())!.id;
    expect(await call(c, 'feedback', { tabId: 1, personaId: privacyId, positive: false })).toEqual({ examples: 1 });
    expect(await call(c, 'feedback', { tabId: 1, personaId: privacyId, positive: true })).toEqual({ examples: 1 }); // same article: replaced
    expect((await db.personas.get(privacyId))!.examples[0]!.positive).toBe(true);
    await call(c, 'personas.save', { id: privacyId, persona: { ...privacy, description: 'Edited.' } });
    expect((await db.personas.get(privacyId))!.examples).toHaveLength(1);
    await call(c, 'personas.resetExamples', { id: privacyId });
    expect((await db.personas.get(privacyId))!.examples).toEqual([]);
  });

  it('an example changes the scores (the cache does not hide it)', async () => {
    const c = curator();
    await call(c, 'personas.import', { text: JSON.stringify({ personas: [privacy, engines] }) });
    const before = await call(c, 'suggest', { tabId: 2 });
    const engineId = before.suggestions.find((s) => s.name === 'Engine Nerd')!.personaId;
    await call(c, 'feedback', { tabId: 2, personaId: engineId, positive: true });
    const after = await call(c, 'suggest', { tabId: 2 });
    expect(after.cached).toBe(false);
    expect(after.suggestions.find((s) => s.name === 'Engine Nerd')!.score).toBeGreaterThan(before.suggestions.find((s) => s.name === 'Engine Nerd')!.score);
  });

  it('migrates a version-2 database full of data (10,000 curated items): personas gain an empty example list, zero items lost', async () => {
    const name = `v2-${Math.random()}`;
    const Dexie = (await import('dexie')).default;
    const old = new Dexie(name);
    old.version(1).stores({ personas: 'id, &nameKey, updatedAt', queue: 'id, &dedupeKey, createdAt, personaId, status', scoreCache: 'key, createdAt', kv: 'key' });
    old.version(2).stores({ vectors: 'key, createdAt' });
    await old.open();
    const t = Date.now();
    await old.table('personas').bulkAdd(
      Array.from({ length: 50 }, (_, i) => ({
        id: `p${i}`,
        nameKey: `p${i}`,
        name: `P${i}`,
        description: 'd',
        keywords: [],
        avoid: [],
        hashtags: [],
        voice: '',
        channels: [],
        enabled: true,
        sample: false,
        createdAt: t,
        updatedAt: t,
      })),
    );
    await old.table('queue').bulkAdd(
      Array.from({ length: 10_000 }, (_, i) => ({
        id: `q${i}`,
        dedupeKey: `https://a.example/${i}`,
        url: `https://a.example/${i}`,
        title: `T${i}`,
        siteName: null,
        personaId: null,
        personaName: null,
        score: null,
        quote: '',
        status: 'queued',
        source: 'popup',
        createdAt: t + i,
        updatedAt: t + i,
      })),
    );
    old.close();
    const upgraded = openDb(name);
    await upgraded.open();
    expect(await upgraded.personas.count()).toBe(50);
    expect(await upgraded.queue.count()).toBe(10_000); // zero items lost
    const rows = await upgraded.queue.toArray();
    expect(rows.every((q) => q.title === `T${q.id.slice(1)}` && q.url === `https://a.example/${q.id.slice(1)}` && q.status === 'queued')).toBe(true);
    expect((await upgraded.personas.toArray()).every((p) => Array.isArray(p.examples) && p.examples.length === 0)).toBe(true);
    upgraded.close();
    await upgraded.delete();
  });
});

describe('dedupe', () => {
  it('counts the same article as one queue item: canonical URL, tracking parameters, or near-identical text at another URL of the same site', async () => {
    const c = curator();
    await c.installSamples();
    const html = pageHtml('aclu');
    // Same text, served at an AMP address on the same site with tracking parameters and a different footer.
    const amp = extractFromHtml(html.replace('</body>', '<p>Share this story.</p></body>'), 'https://amp.aclu.org/amp/facebook-tracking?utm_source=x');
    pages.set(10, { ...amp, canonicalUrl: null });
    pages.set(11, extractFromHtml(html, 'https://www.aclu.org/blog/facebook-tracking?utm_medium=social#top'));
    await call(c, 'curate', { tabId: 1, source: 'popup' });
    await call(c, 'curate', { tabId: 10, source: 'popup' });
    await call(c, 'curate', { tabId: 11, source: 'sidepanel' });
    expect(await db.queue.count()).toBe(1);
    await call(c, 'curate', { tabId: 2, source: 'popup' });
    expect(await db.queue.count()).toBe(2);
  });
});

describe('a page from one site never changes what came from another', () => {
  const ACLU_CANONICAL = 'https://www.aclu.org/blog/privacy-technology/internet-privacy/facebook-tracking-me-even-though-im-not-facebook';

  async function curatedAclu() {
    const c = curator();
    await call(c, 'personas.import', { text: JSON.stringify({ personas: [privacy, engines] }) });
    const privacyId = (await db.personas.toArray()).find((p) => p.name === privacy.name)!.id;
    const original = await call(c, 'curate', { tabId: 1, source: 'popup', personaId: privacyId });
    const example = (await db.personas.get(privacyId))!.examples[0]!;
    return { c, privacyId, original, example };
  }

  it("shares and queues the tab's own address when its canonical link names another site", async () => {
    const { c, privacyId, original, example } = await curatedAclu();
    expect(original.url).toBe(ACLU_CANONICAL);
    // Another site declares the queued article as its canonical URL, with its own title and quote.
    pages.set(20, { ...extractFromHtml(pageHtml('v8-blog'), 'https://evil.example/post?utm_source=x'), canonicalUrl: ACLU_CANONICAL, title: 'Evil title', selection: 'Log in at evil.example' });
    const view = await call(c, 'suggest', { tabId: 20 });
    expect(view.page.shareUrl).toBe('https://evil.example/post');
    expect(view.seen).toBeNull(); // not "already curated": it is not the queued article
    const evil = await call(c, 'curate', { tabId: 20, source: 'popup', personaId: privacyId });
    expect(evil.url).toBe('https://evil.example/post');
    expect(await db.queue.count()).toBe(2);
    expect(await db.queue.get(original.id)).toEqual(original);
    const examples = (await db.personas.get(privacyId))!.examples;
    expect(examples).toHaveLength(2);
    expect(examples.find((e) => e.url === ACLU_CANONICAL)).toEqual(example);
    expect(examples.find((e) => e.url === 'https://evil.example/post')?.title).toBe('Evil title');
  });

  it('keeps a copy of the text on another site apart from the queued article', async () => {
    const { c, privacyId, original, example } = await curatedAclu();
    // The same article's text, word for word, on another site, with no canonical link: only the text matches.
    pages.set(21, { ...extractFromHtml(pageHtml('aclu'), 'https://aclu-copy.example/facebook-tracking'), canonicalUrl: null, title: 'Evil title', selection: 'Log in at evil.example' });
    const copy = await call(c, 'curate', { tabId: 21, source: 'popup', personaId: privacyId });
    expect(copy.url).toBe('https://aclu-copy.example/facebook-tracking');
    expect(await db.queue.count()).toBe(2);
    expect(await db.queue.get(original.id)).toEqual(original);
    expect((await db.personas.get(privacyId))!.examples.find((e) => e.url === ACLU_CANONICAL)).toEqual(example);
    // The same copy at another address of the same site is still one item with it.
    pages.set(22, { ...extractFromHtml(pageHtml('aclu'), 'https://aclu-copy.example/amp/facebook-tracking'), canonicalUrl: null });
    await call(c, 'curate', { tabId: 22, source: 'popup', personaId: privacyId });
    expect(await db.queue.count()).toBe(2);
  });
});

describe('sharing settings', () => {
  it('are validated and reach every suggestion', async () => {
    const c = curator();
    await c.installSamples();
    const route = createRouter(c.handlers, { id: 'ext', pageOrigin: 'chrome-extension://ext/' });
    const page = { id: 'ext', url: 'chrome-extension://ext/options.html' };
    expect(await route({ type: 'settings.setHandoff', payload: { tag: false, mastodonInstance: 'javascript:alert(1)', mastodonLimit: 500, shown: ['x'] } }, page)).toMatchObject({
      ok: false,
      error: { message: expect.stringMatching(/host name/) },
    });
    expect(await route({ type: 'settings.setHandoff', payload: { tag: false, mastodonInstance: 'Fosstodon.org', mastodonLimit: 1000, shown: [] } }, page)).toMatchObject({
      ok: false,
      error: { message: expect.stringMatching(/at least one place/) },
    });
    expect(await route({ type: 'settings.setHandoff', payload: { tag: false, mastodonInstance: 'Fosstodon.org', mastodonLimit: 1000, shown: ['x', 'mastodon'] } }, page)).toMatchObject({ ok: true });
    await call(c, 'handoff.used', { target: 'mastodon' });
    expect((await call(c, 'suggest', { tabId: 1 })).handoff).toEqual({ tag: false, mastodonInstance: 'fosstodon.org', mastodonLimit: 1000, shown: ['x', 'mastodon'], lastUsed: 'mastodon' });
  });
});

describe('deletion records for sync', () => {
  it('deleting a persona keeps the records under the cap a sync reader accepts, the newest kept', async () => {
    const { KV } = await import('../../lib/store/kv');
    const { MAX_TOMBSTONES } = await import('../../lib/sync/payload');
    const c = curator();
    await call(c, 'personas.import', { text: JSON.stringify({ personas: [privacy] }) });
    const id = (await db.personas.toArray())[0]!.id;
    // What an older version kept (up to 2,000), merged with other browsers' records.
    await db.kv.put({ key: KV.syncDeleted, value: Array.from({ length: 2_000 }, (_, i) => ({ id: `old-${i}`, at: i })) });
    await call(c, 'personas.delete', { id });
    const kept = (await db.kv.get(KV.syncDeleted))!.value as { id: string; at: number }[];
    expect(kept.length).toBeLessThanOrEqual(MAX_TOMBSTONES);
    expect(kept.at(-1)!.id).toBe(id);
  });
});

describe('what a persona learns is bounded, and goes with it', () => {
  const stats = () => storedCorpus(db);
  /** A new page each time (the same article, revised), so each one is counted and can be learned from. */
  const revised = (tab: number, i: number) => {
    const base = pages.get(tab) as { text: string; url: string };
    pages.set(100 + i, { ...base, url: `${base.url}#r${i}`, text: `${base.text} Revision ${i}.` });
    return 100 + i;
  };

  it('20 persona edits leave one reading profile, not twenty', async () => {
    const c = curator();
    await call(c, 'personas.import', { text: JSON.stringify({ personas: [engines] }) });
    const id = (await db.personas.toArray())[0]!.id;
    for (let i = 0; i < 20; i++) {
      await call(c, 'personas.save', { id, persona: { ...engines, description: `${engines.description} Edit ${i}.` } });
      for (let j = 0; j < 2; j++) await call(c, 'suggest', { tabId: revised(2, i * 2 + j) });
    }
    const persona = (await db.personas.get(id))!;
    const learned = await stats();
    expect(Object.keys(learned.reading ?? {})).toEqual([seedKey(persona)]);
    expect(learned.reading![seedKey(persona)]!.n).toBe(2);
  });

  it('drops what no persona uses when it reads statistics saved earlier (an older form, or personas changed in another browser)', async () => {
    const c = curator();
    await call(c, 'personas.import', { text: JSON.stringify({ personas: [engines] }) });
    const persona = (await db.personas.toArray())[0]!;
    const profile = { n: 3, terms: { bytecode: 0.5 }, counts: { bytecode: 1 }, mass: 1, size: 1 };
    const reading = Object.fromEntries([seedKey(persona), ...Array.from({ length: 20 }, (_, i) => `gone-${i}`)].map((k) => [k, structuredClone(profile)]));
    await db.kv.put({ key: 'corpusStats', value: { docs: 5, totalTerms: 500, df: { bytecode: 2 }, reading } });
    await call(c, 'suggest', { tabId: 2 });
    const learned = await stats();
    expect(Object.keys(learned.reading ?? {})).toEqual([seedKey(persona)]);
    expect(learned.docs).toBe(6);
    expect(storedRev((await db.kv.get('corpusStats'))?.value)).not.toBeNull();
  });

  it('"Forget these examples" and deleting a persona remove what it learned; the other persona keeps its own', async () => {
    const c = curator();
    await call(c, 'personas.import', { text: JSON.stringify({ personas: [engines, privacy] }) });
    const engine = (await db.personas.where('nameKey').equals('engine nerd').first())!;
    const other = (await db.personas.where('nameKey').equals('privacy advocate').first())!;
    const learn = async (from: number) => {
      for (let i = 0; i < 2; i++) {
        await call(c, 'suggest', { tabId: revised(2, from + i) });
        await call(c, 'suggest', { tabId: revised(1, from + 10 + i) });
      }
    };
    await learn(0);
    await call(c, 'feedback', { tabId: 2, personaId: engine.id, positive: true });
    expect((await stats()).reading?.[seedKey(engine)]?.n).toBeGreaterThan(0);
    expect((await stats()).reading?.[seedKey(other)]?.n).toBeGreaterThan(0);

    await call(c, 'personas.resetExamples', { id: engine.id });
    expect((await db.personas.get(engine.id))!.examples).toEqual([]);
    expect((await stats()).reading?.[seedKey(engine)]).toBeUndefined();
    expect((await stats()).reading?.[seedKey(other)]?.n).toBeGreaterThan(0);

    await learn(20);
    expect((await stats()).reading?.[seedKey(engine)]?.n).toBeGreaterThan(0);
    await db.vectors.bulkPut([
      { key: `m|persona|${engine.id}|1|text`, createdAt: 1, vectors: [new Float32Array(2)] },
      { key: `m|persona|${other.id}|1|text`, createdAt: 1, vectors: [new Float32Array(2)] },
    ]);
    await call(c, 'personas.delete', { id: engine.id });
    expect((await stats()).reading?.[seedKey(engine)]).toBeUndefined();
    expect((await stats()).reading?.[seedKey(other)]?.n).toBeGreaterThan(0);
    expect(await db.vectors.toCollection().primaryKeys()).toEqual([`m|persona|${other.id}|1|text`]);
  });
});

describe('progressive suggestions: word matching answers first, the model upgrades the answer after', () => {
  // The generated tiny model (real transformers.js + ONNX Runtime inference) under the built-in model's name.
  const modelRoot = mkdtempSync(join(tmpdir(), 'pc-progressive-'));
  let host: ModelHost;
  beforeAll(() => {
    makeTestModel(join(modelRoot, 'tiny'), 'tiny', readFileSync(new URL('../../README.md', import.meta.url).pathname, 'utf8'));
    host = createModelHost({ localModelPath: `${modelRoot}/` });
  });
  afterAll(async () => host.dispose());

  /**
   * A curator whose model runs for real but only once the test opens `gate` (a model that is slow: the
   * test decides when it has finished), or fails there when `fail` is set.
   */
  function withModel(options: { fail?: boolean } = {}) {
    let open!: () => void;
    const gate = new Promise<void>((resolve) => (open = resolve));
    const embedded: string[][] = [];
    const runner: ModelRunner = {
      load: async (p) => void (await host.load({ ...p, modelId: 'tiny' })),
      embed: async (p, texts, kind) => {
        await gate;
        if (options.fail) throw new Error('offscreen document closed');
        embedded.push(texts);
        return host.embed({ ...p, modelId: 'tiny' }, texts, kind);
      },
      close: async () => undefined,
    };
    const pushes: PushPayload<'suggest.upgraded'>[] = [];
    const c = createCurator({
      db,
      readTab: async (tabId) => pages.get(tabId),
      model: createModelControl({ db, runner, bundledIds: async () => [DEFAULT_MODEL_ID] }),
      onUpgraded: (u) => pushes.push(u),
    });
    return { c, pushes, embedded, release: () => open() };
  }

  /** The answer, or a failure naming what it waited for: a request that waits for the gated model never settles. */
  const within = <T>(work: Promise<T>, ms = 5_000) =>
    Promise.race([work, new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`no answer within ${ms} ms: it waited for the model`)), ms))]);

  it('answers with word matching while the model still works, then pushes the model’s answer, which a revisit gets at once', async () => {
    const { c, pushes, embedded, release } = withModel();
    await c.installSamples();
    const first = await within(call(c, 'suggest', { tabId: 1, progressive: true }));
    expect(first.mode).toBe('lexical');
    expect(first.cached).toBe(false);
    expect(first.upgrading?.key).toMatch(/:/);
    expect(first.suggestions).toHaveLength(3);
    expect(first.suggestions.every((s) => !s.reason.blend)).toBe(true);
    expect(pushes).toEqual([]);
    expect(embedded).toEqual([]);

    release();
    await expect.poll(() => pushes.length, { timeout: 10_000 }).toBe(1);
    const [push] = pushes;
    expect(push!.key).toBe(first.upgrading!.key);
    expect(push!.mode).toBe('hybrid');
    expect(push!.suggestions).toHaveLength(first.suggestions.length);
    for (const s of push!.suggestions!) expect(s.reason.blend?.mode).toBe('hybrid');
    expect(embedded.length).toBeGreaterThan(0);

    // The revisit is the model's answer, from the cache: no word-matching step, nothing pending, no inference.
    const calls = embedded.length;
    const again = await within(call(c, 'suggest', { tabId: 1, progressive: true }), 1_000);
    expect(again).toMatchObject({ cached: true, mode: 'hybrid', suggestions: push!.suggestions });
    expect(again.upgrading).toBeUndefined();
    expect(embedded.length).toBe(calls);
    expect(pushes).toHaveLength(1);
  });

  it('another page is answered while the model is busy with the first, and each page gets its own push', async () => {
    const { c, pushes, release } = withModel();
    await c.installSamples();
    const a = await within(call(c, 'suggest', { tabId: 1, progressive: true }));
    const b = await within(call(c, 'suggest', { tabId: 2, progressive: true }));
    expect(b.mode).toBe('lexical');
    expect(b.upgrading?.key).not.toBe(a.upgrading?.key);
    // The same page asked again meanwhile (another view, Refresh) joins the pass under way: one push for it.
    const a2 = await within(call(c, 'suggest', { tabId: 1, progressive: true, refresh: true }));
    expect(a2.upgrading?.key).toBe(a.upgrading?.key);
    release();
    await expect.poll(() => pushes.map((p) => p.key).sort(), { timeout: 10_000 }).toEqual([a.upgrading!.key, b.upgrading!.key].sort());
    await new Promise((r) => setTimeout(r, 100));
    expect(pushes).toHaveLength(2);
  });

  it('counts the page once in the statistics and teaches the model’s calibration once, as a request that waits does', async () => {
    const { c, pushes, release } = withModel();
    await c.installSamples();
    await within(call(c, 'suggest', { tabId: 1, progressive: true }));
    await within(call(c, 'suggest', { tabId: 1, progressive: true, refresh: true }));
    release();
    await expect.poll(() => pushes.length, { timeout: 10_000 }).toBe(1);
    expect((await storedCorpus(db)).docs).toBe(1);
    const memory = (await db.kv.get(KV.semantic))?.value as { models: Record<string, Record<string, { text?: { n: number } }>> };
    expect(Object.values(memory.models[DEFAULT_MODEL_ID] ?? {}).every((m) => m.text?.n === 1)).toBe(true);
  });

  it('forgetting, deleting or re-seeding a persona clears what the model learned of it; the others keep theirs', async () => {
    const { c, release } = withModel();
    await c.installSamples();
    release();
    await call(c, 'suggest', { tabId: 1 });
    const [a, b, d] = await db.personas.orderBy('updatedAt').toArray();
    const learned = async () => Object.keys((((await db.kv.get(KV.semantic))?.value as { models: Record<string, object> }).models[DEFAULT_MODEL_ID] ?? {}) as object).sort();
    expect(await learned()).toEqual([a!, b!, d!].map(seedKey).sort());

    await call(c, 'personas.resetExamples', { id: a!.id });
    expect(await learned()).toEqual([b!, d!].map(seedKey).sort());
    await call(c, 'personas.delete', { id: b!.id });
    expect(await learned()).toEqual([seedKey(d!)]);
    await call(c, 'personas.save', { id: d!.id, persona: { ...d!, description: `${d!.description} And more.` } });
    expect(await learned()).toEqual([]);
  });

  it('keeps the word-matching answer when the model fails after it, and says the upgrade ended', async () => {
    const { c, pushes, release } = withModel({ fail: true });
    await c.installSamples();
    const first = await within(call(c, 'suggest', { tabId: 1, progressive: true }));
    release();
    await expect.poll(() => pushes.length, { timeout: 10_000 }).toBe(1);
    expect(pushes[0]).toEqual({ key: first.upgrading!.key, mode: 'lexical', suggestions: null });
    const again = await call(c, 'suggest', { tabId: 1, progressive: true });
    expect(again.mode).toBe('lexical');
    expect(again.suggestions.map((s) => s.score)).toEqual(first.suggestions.map((s) => s.score));
  });

  it('without "progressive" (notifications, the copy shortcut, curate) the answer still waits for the model', async () => {
    const { c, pushes, release } = withModel();
    await c.installSamples();
    let settled = false;
    const waiting = call(c, 'suggest', { tabId: 1 }).finally(() => (settled = true));
    await new Promise((r) => setTimeout(r, 300));
    expect(settled).toBe(false);
    release();
    const r = await within(waiting, 10_000);
    expect(r.mode).toBe('hybrid');
    expect(r.upgrading).toBeUndefined();
    expect(pushes).toEqual([]);
  });
});
