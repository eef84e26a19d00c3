import { afterEach, describe, expect, it } from 'vitest';
import { createCurator } from '../../lib/background/curator';
import { openDb, type CuratorDb } from '../../lib/store/db';
import { Requests } from '../../lib/protocol/requests';
import { exportPersonas, parsePersonaFile } from '../../lib/core/personas/transfer';
import { createSync, type SyncArea } from '../../lib/sync/sync';
import { KEYS, putKv } from '../../lib/store/kv';
import { newFeedRow } from '../../lib/store/feeds';
import type { FeedDeps } from '../../lib/background/services/feeds';

/** storage.sync as a plain object shared by two "browsers" (two databases). */
function memoryArea(): SyncArea & { items: Record<string, unknown> } {
  const area = {
    items: {} as Record<string, unknown>,
    get: async () => structuredClone(area.items),
    set: async (items: Record<string, unknown>) => void (area.items = { ...area.items, ...structuredClone(items) }),
    remove: async (keys: string[]) => keys.forEach((k) => delete area.items[k]),
  };
  return area;
}

const opened: CuratorDb[] = [];
async function freshDb(): Promise<CuratorDb> {
  const db = openDb(`feeds-sync-${Math.random()}`);
  await db.open();
  opened.push(db);
  return db;
}
afterEach(async () => {
  for (const db of opened.splice(0)) {
    db.close();
    await db.delete();
  }
});

const persona = { name: 'Rust Dev', description: 'Systems programming.', keywords: ['rust'] };

describe('the list of feeds travels with the persona pack and through sync, never its items', () => {
  it('exports the followed feeds with the pack; importing the pack follows them', async () => {
    const text = exportPersonas([], new Date(0), [{ url: 'https://blog.example/feed.xml', title: 'Blog' }]);
    const file = parsePersonaFile(text.replace('"personas": []', `"personas": [${JSON.stringify(persona)}]`));
    expect(file.ok && file.file.feeds).toEqual([{ url: 'https://blog.example/feed.xml', title: 'Blog' }]);
    expect(JSON.parse(exportPersonas([], new Date(0)))).not.toHaveProperty('feeds');
    expect(parsePersonaFile(JSON.stringify({ personas: [persona], feeds: [{ url: 'javascript:alert(1)' }] })).ok).toBe(false);

    const db = await freshDb();
    const fetched: string[] = [];
    const feeds: FeedDeps = { fetch: async (url) => (fetched.push(url), new Response('', { status: 500 })), canFetch: async () => false, schedule: async () => undefined };
    const curator = createCurator({ db, readTab: async () => ({}), feeds });
    const importPack = (t: string) => curator.handlers['personas.import'](Requests['personas.import'].parse({ text: t }), {});
    const pack = JSON.stringify({ personas: [persona], feeds: [{ url: 'https://blog.example/feed.xml', title: 'Blog' }, { url: 'https://news.example/rss' }] });
    expect(await importPack(pack)).toEqual({ added: 1, updated: 0, feeds: 2 });
    expect((await db.feeds.toArray()).map((f) => [f.url, f.title]).sort()).toEqual([
      ['https://blog.example/feed.xml', 'Blog'],
      ['https://news.example/rss', 'news.example'],
    ]);
    // Again: already followed, nothing added. Without the sites' permission, nothing was fetched.
    expect(await importPack(pack)).toEqual({ added: 0, updated: 1 });
    await new Promise((r) => setTimeout(r, 50));
    expect(fetched).toEqual([]);
    expect((await db.feeds.toArray()).every((f) => f.state === 'permission' || f.state === 'new')).toBe(true);
  });

  it('syncs the list: a feed followed in one browser is followed in the other, and unfollowed too; items stay home', async () => {
    const area = memoryArea();
    let t = 1_000;
    const now = () => ++t;
    const [dbA, dbB] = [await freshDb(), await freshDb()];
    let arrived = 0;
    const a = createSync({ db: dbA, area, now });
    const b = createSync({ db: dbB, area, now, onFeedsChanged: () => arrived++ });
    const row = newFeedRow('https://blog.example/feed.xml', now(), 'Blog');
    await dbA.feeds.add(row);
    await dbA.feedItems.put({
      key: `${row.id}|g`,
      feedId: row.id,
      guid: 'g',
      url: 'https://blog.example/a',
      dedupeKey: 'https://blog.example/a',
      title: 'Secret item title',
      summary: '',
      siteName: 'blog.example',
      publishedAt: null,
      fetchedAt: 1,
      at: 1,
      simhash: null,
      status: 'new',
      pick: null,
      scores: [],
    });
    await putKv(dbA, KEYS.feedsChanged, now());
    await a.push();
    expect(JSON.stringify(area.items)).toContain('blog.example/feed.xml');
    expect(JSON.stringify(area.items)).not.toContain('Secret item title');
    expect(await b.pull()).toBe(true);
    expect((await dbB.feeds.toArray()).map((f) => [f.url, f.title, f.state])).toEqual([['https://blog.example/feed.xml', 'Blog', 'new']]);
    expect(await dbB.feedItems.count()).toBe(0);
    expect(arrived).toBe(1);

    // Unfollowed in B: the newer list wins in A, and the feed's items go with it.
    await dbB.feeds.clear();
    await putKv(dbB, KEYS.feedsChanged, now());
    await b.push();
    expect(await a.pull()).toBe(true);
    expect([await dbA.feeds.count(), await dbA.feedItems.count()]).toEqual([0, 0]);
    // An older list does not undo a newer one.
    expect(await b.pull()).toBe(false);
  });
});
