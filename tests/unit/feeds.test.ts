import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createCurator } from '../../lib/background/curator';
import { openDb, type CuratorDb } from '../../lib/store/db';
import { Requests, type RequestPayload, type RequestType, type Responses } from '../../lib/protocol/requests';
import { pruneFeedItems } from '../../lib/background/services/feeds-store';
import { MAX_FEED_ITEMS, newFeedItem, type FeedItem } from '../../lib/store/feeds';
import type { FeedDeps } from '../../lib/background/services/feeds';

/** A real HTTP server on 127.0.0.1: feeds with validators, and the failures feeds meet. */
let server: Server;
let origin: string;
const docs = new Map<string, { body: string; etag: string }>();
const seen: { path: string; headers: IncomingHttpHeaders }[] = [];

const DAY = 86_400_000;
const rfc = (at: number) => new Date(at).toUTCString();
function rss(items: { id: string; title: string; text: string; at?: number; link?: string }[]): string {
  const body = items
    .map(
      (i) =>
        `<item><title>${i.title}</title><link>${i.link ?? `${origin}/a/${i.id}`}</link><guid>${i.id}</guid><description>${i.text}</description><pubDate>${rfc(i.at ?? Date.now() - 3_600_000)}</pubDate></item>`,
    )
    .join('');
  return `<?xml version="1.0"?><rss version="2.0"><channel><title>Test feed</title>${body}</channel></rss>`;
}

beforeAll(async () => {
  server = createServer((req, res) => {
    const path = req.url ?? '/';
    seen.push({ path, headers: req.headers });
    if (path === '/500') return void res.writeHead(500).end('boom');
    // Headers, then silence: only the timeout ends it.
    if (path === '/hang') return void res.writeHead(200, { 'content-type': 'application/rss+xml' }).write('<rss>');
    if (path === '/html') return void res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><html><head><title>Hi</title></head><body><p>Not a feed<br></body></html>');
    if (path === '/huge') {
      // No Content-Length: the cap must stop the streamed read.
      res.writeHead(200, { 'content-type': 'application/rss+xml' });
      const chunk = `<!-- ${'x'.repeat(64 * 1024)} -->`;
      let sent = 0;
      const write = () => {
        while (sent < 20 * 1024 * 1024) {
          sent += chunk.length;
          if (!res.write(chunk)) return void res.once('drain', write);
        }
        res.end();
      };
      res.on('error', () => undefined);
      return void write();
    }
    const doc = docs.get(path);
    if (!doc) return void res.writeHead(404).end();
    if (req.headers['if-none-match'] === doc.etag) return void res.writeHead(304).end();
    res.writeHead(200, { 'content-type': 'application/rss+xml; charset=utf-8', etag: doc.etag, 'last-modified': rfc(Date.now() - DAY) }).end(doc.body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  origin = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
});
afterAll(() => {
  server.closeAllConnections();
  server.close();
});

let db: CuratorDb;
let allowed: boolean;
let picks: { count: number; fresh: FeedItem[] }[];

function curator(limits?: FeedDeps['limits']) {
  const feeds: FeedDeps = {
    fetch: (url, init) => fetch(url, init),
    canFetch: async () => allowed,
    schedule: async () => undefined,
    onPicks: (count, fresh) => void picks.push({ count, fresh }),
    ...(limits ? { limits } : {}),
  };
  return createCurator({ db, readTab: async () => ({}), feeds });
}
function call<T extends RequestType>(c: ReturnType<typeof curator>, type: T, payload: RequestPayload<T>) {
  const handler = c.handlers[type] as (p: unknown, s: object) => Promise<Responses[T]>;
  return handler(Requests[type].parse(payload), {});
}

const privacy = { name: 'Privacy Advocate', description: 'Stories about surveillance and digital rights.', keywords: ['privacy', 'tracking', 'surveillance', 'encryption'] };
const rustacean = { name: 'Rust Dev', description: 'Systems programming, compilers and the Rust language.', keywords: ['rust', 'compiler', 'memory safety', 'cargo'] };
const first = [
  {
    id: 'p1',
    title: 'Police expand face surveillance across the city',
    text: 'Privacy groups warn that tracking cameras and face surveillance erode digital rights and privacy. The council approved the plan on Tuesday after a short debate, and the first cameras go up next month in the city centre, with more planned for the suburbs by the end of the year according to officials.',
  },
  { id: 'r1', title: 'Rust compiler gets faster builds', text: 'The Rust compiler team improved cargo build times and memory safety checks for systems programming.' },
];

beforeEach(async () => {
  db = openDb(`feeds-${Math.random()}`);
  await db.open();
  allowed = true;
  picks = [];
  seen.length = 0;
  docs.clear();
  docs.set('/feed.xml', { body: rss(first), etag: '"v1"' });
});
afterEach(async () => {
  db.close();
  await db.delete();
});

async function setUp() {
  const c = curator();
  await call(c, 'personas.save', { persona: privacy });
  await call(c, 'personas.save', { persona: rustacean });
  return c;
}

describe('feeds', () => {
  it('adds a feed: fetched, its items scored against the personas, its state "ok"', async () => {
    const c = await setUp();
    const feed = await call(c, 'feeds.add', { url: `${origin}/feed.xml` });
    expect(feed).toMatchObject({ state: 'ok', itemCount: 2, title: 'Test feed', etag: '"v1"' });
    const items = await db.feedItems.toArray();
    const best = Object.fromEntries(items.map((i) => [i.guid, i.pick?.name]));
    expect(best).toEqual({ p1: 'Privacy Advocate', r1: 'Rust Dev' });
    expect(items.every((i) => i.scores.length === 2 && i.status === 'new')).toBe(true);
    expect(picks.at(-1)!.fresh).toHaveLength(2);
    // Adding the same feed again (another spelling of its address) follows it once.
    await call(c, 'feeds.add', { url: `${origin}/feed.xml#top` });
    expect(await db.feeds.count()).toBe(1);
  });

  it('refreshes with the validators: a 304 brings nothing, a changed feed brings only its new items', async () => {
    const c = await setUp();
    const feed = await call(c, 'feeds.add', { url: `${origin}/feed.xml` });
    await call(c, 'feeds.refresh', { id: feed.id });
    expect(seen.at(-1)!.headers['if-none-match']).toBe('"v1"');
    expect(seen.at(-1)!.headers['if-modified-since']).toBeTruthy();
    expect(await db.feedItems.count()).toBe(2);
    docs.set('/feed.xml', {
      body: rss([{ id: 'p2', title: 'New encryption law weakens privacy', text: 'A bill on encryption backdoors threatens privacy and enables mass surveillance.' }, ...first]),
      etag: '"v2"',
    });
    await call(c, 'feeds.refresh', {});
    const keys = (await db.feedItems.toArray()).map((i) => i.guid).sort();
    expect(keys).toEqual(['p1', 'p2', 'r1']);
    expect(picks.at(-1)!.fresh.map((i) => i.guid)).toEqual(['p2']);
    expect((await db.feeds.get(feed.id))!.etag).toBe('"v2"');
  });

  it('says each failure in its state, and one broken feed never stops the others', async () => {
    const c = await setUp();
    const bad = await call(c, 'feeds.add', { url: `${origin}/500` });
    const html = await call(c, 'feeds.add', { url: `${origin}/html` });
    const huge = await call(c, 'feeds.add', { url: `${origin}/huge` });
    const gone = await call(c, 'feeds.add', { url: 'http://127.0.0.1:1/feed.xml' });
    expect([bad.state, bad.detail, html.state, huge.state, gone.state]).toEqual(['unreachable', 'HTTP 500', 'not-a-feed', 'too-large', 'unreachable']);
    const good = await call(c, 'feeds.add', { url: `${origin}/feed.xml` });
    docs.set('/feed.xml', { body: rss([{ id: 'r2', title: 'Cargo adds workspaces', text: 'Rust cargo workspaces help compiler builds.' }, ...first]), etag: '"v3"' });
    expect(await call(c, 'feeds.refresh', {})).toEqual({ refreshed: 5 });
    expect((await db.feeds.get(good.id))!.itemCount).toBe(3);
    expect((await db.feeds.get(huge.id))!.state).toBe('too-large');
  });

  it('gives up on a feed that stops answering, at the timeout', async () => {
    const c = curator({ timeoutMs: 300, maxBytes: 5 * 1024 * 1024 });
    const t0 = Date.now();
    const feed = await call(c, 'feeds.add', { url: `${origin}/hang` });
    expect([feed.state, feed.detail]).toEqual(['unreachable', 'timeout']);
    expect(Date.now() - t0).toBeLessThan(5_000);
  });

  it("without the origin's permission, fetches nothing and says so", async () => {
    const c = await setUp();
    allowed = false;
    const feed = await call(c, 'feeds.add', { url: `${origin}/feed.xml` });
    expect(feed.state).toBe('permission');
    expect(seen).toHaveLength(0);
  });

  it('deduplicates against the queue and against items any feed brought; dismissed and curated never come back', async () => {
    const c = await setUp();
    await c.saveToQueue({ url: `${origin}/a/r1?utm_source=x`, title: 'Queued before', siteName: null, personaId: null, personaName: null, score: null, quote: '', source: 'context-link' });
    const a = await call(c, 'feeds.add', { url: `${origin}/feed.xml` });
    expect((await db.feedItems.toArray()).map((i) => i.guid)).toEqual(['p1']);
    // The same article in a second feed (another guid, the same address), and a near copy of its text on the same site.
    docs.set('/other.xml', {
      body: rss([
        { id: 'x1', title: first[0]!.title, text: first[0]!.text, link: `${origin}/a/p1#comments` },
        { id: 'x2', title: first[0]!.title, text: `${first[0]!.text} Updated.`, link: `${origin}/mirror/p1` },
      ]),
      etag: '"o1"',
    });
    await call(c, 'feeds.add', { url: `${origin}/other.xml` });
    expect(await db.feedItems.count()).toBe(1);
    const [p1] = await db.feedItems.toArray();
    const queued = await call(c, 'feeds.curate', { key: p1!.key });
    expect(queued).toMatchObject({ source: 'feed', personaName: 'Privacy Advocate', quote: '', url: `${origin}/a/p1` });
    expect((await db.feedItems.get(p1!.key))!.status).toBe('curated');
    docs.set('/feed.xml', { body: rss([{ id: 'r3', title: 'Borrow checker explained', text: 'Rust memory safety and the borrow checker in the compiler.' }, ...first]), etag: '"v9"' });
    await call(c, 'feeds.refresh', { id: a.id });
    const r3 = (await db.feedItems.toArray()).find((i) => i.guid === 'r3')!;
    await call(c, 'feeds.dismiss', { key: r3.key });
    docs.set('/feed.xml', { body: rss([{ id: 'r3', title: 'Borrow checker explained', text: 'Rust memory safety and the borrow checker in the compiler.' }, ...first]), etag: '"v10"' });
    await call(c, 'feeds.refresh', { id: a.id });
    const statuses = Object.fromEntries((await db.feedItems.toArray()).map((i) => [i.guid, i.status]));
    expect(statuses).toEqual({ p1: 'curated', r3: 'dismissed' });
    expect(picks.at(-1)!.count).toBe(0);
  });

  it('drops items older than 30 days, and past 5,000 in all the oldest', async () => {
    const c = await setUp();
    docs.set('/feed.xml', { body: rss([{ ...first[0]!, at: Date.now() - 31 * DAY }, first[1]!]), etag: '"old"' });
    await call(c, 'feeds.add', { url: `${origin}/feed.xml` });
    expect((await db.feedItems.toArray()).map((i) => i.guid)).toEqual(['r1']);
    const now = Date.now();
    const rows = Array.from({ length: MAX_FEED_ITEMS + 10 }, (_, i) =>
      newFeedItem('f', { guid: `g${i}`, url: `https://e.example/${i}`, title: `t${i}`, summary: '', publishedAt: now - i * 60_000 }, { fetchedAt: now, simhash: null, scores: [] }),
    );
    await db.feedItems.bulkPut(rows);
    await db.transaction('rw', db.feedItems, () => pruneFeedItems(db, now));
    expect(await db.feedItems.count()).toBe(MAX_FEED_ITEMS);
    expect(await db.feedItems.get('f|g0')).toBeDefined();
    expect(await db.feedItems.get(`f|g${MAX_FEED_ITEMS + 9}`)).toBeUndefined();
  });

  it('a refresh cut short is resumed whole, and refreshes run together store each item once', async () => {
    const c = await setUp();
    const feed = await call(c, 'feeds.add', { url: `${origin}/feed.xml` });
    docs.set('/feed.xml', { body: rss([{ id: 'p3', title: 'Tracking pixels in email', text: 'Privacy and tracking by email pixels is surveillance.' }, ...first]), etag: '"v4"' });
    // As a worker stopped after starting the refresh leaves it: marked, nothing stored.
    await db.feeds.update(feed.id, { refreshingSince: Date.now() });
    await curator().resumeFeeds();
    expect((await db.feedItems.toArray()).map((i) => i.guid).sort()).toEqual(['p1', 'p3', 'r1']);
    expect((await db.feeds.get(feed.id))!.refreshingSince).toBeNull();
    docs.set('/feed.xml', { body: rss([{ id: 'p4', title: 'Data brokers sell location', text: 'Location tracking data sold by brokers is a privacy threat.' }, ...first]), etag: '"v5"' });
    const other = curator();
    await Promise.all([call(c, 'feeds.refresh', { id: feed.id }), call(other, 'feeds.refresh', { id: feed.id }), call(c, 'feeds.refresh', {})]);
    const guids = (await db.feedItems.toArray()).map((i) => i.guid).sort();
    expect(guids).toEqual(['p1', 'p3', 'p4', 'r1']);
  });

  it('removes a feed with its items', async () => {
    const c = await setUp();
    const feed = await call(c, 'feeds.add', { url: `${origin}/feed.xml` });
    expect(await call(c, 'feeds.remove', { id: feed.id })).toEqual({ removed: true });
    expect([await db.feeds.count(), await db.feedItems.count()]).toEqual([0, 0]);
  });
});
