import 'fake-indexeddb/auto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { openDb } from '../../lib/store/db';
import { KV } from '../../lib/store/kv';
import { PersonaSchema, type Persona } from '../../lib/core/personas/schema';
import { buildPayload, fromItems, MAX_TOMBSTONES, SYNC_LIMITS, SyncTooLarge, textHash, toItems, type SyncPayload } from '../../lib/sync/payload';
import { mergeRemote } from '../../lib/sync/merge';
import { createSync, type SyncArea } from '../../lib/sync/sync';
import { SettingsSchema } from '../../lib/store/schema';

const persona = (id: string, name: string, updatedAt: number, extra: Partial<Persona> = {}): Persona =>
  PersonaSchema.parse({ id, name, nameKey: name.toLowerCase(), description: `About ${name}.`, sample: false, createdAt: 1, updatedAt, ...extra });

/** storage.sync's contract, with its per-item and total limits enforced as Chrome does. */
function memoryArea(): SyncArea & { items: Record<string, unknown>; writes: number } {
  const area = {
    items: {} as Record<string, unknown>,
    writes: 0,
    async get() {
      return structuredClone(area.items);
    },
    async set(items: Record<string, unknown>) {
      for (const [k, v] of Object.entries(items)) {
        const size = new TextEncoder().encode(k + JSON.stringify(v)).length;
        if (size > SYNC_LIMITS.perItem) throw new Error(`QUOTA_BYTES_PER_ITEM quota exceeded (${k}: ${size})`);
      }
      const next = { ...area.items, ...structuredClone(items) };
      const total = Object.entries(next).reduce((s, [k, v]) => s + new TextEncoder().encode(k + JSON.stringify(v)).length, 0);
      if (total > SYNC_LIMITS.total) throw new Error('QUOTA_BYTES quota exceeded');
      area.items = next;
      area.writes++;
    },
    async remove(keys: string[]) {
      for (const k of keys) delete area.items[k];
    },
  };
  return area;
}

describe('sync payload: chunks within storage.sync limits', () => {
  it('round-trips any payload, every item within 8,192 bytes, multi-byte text never split badly', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.string({ minLength: 1, maxLength: 60, unit: 'grapheme' }), fc.string({ maxLength: 900, unit: 'grapheme' })), { maxLength: 40 }), (rows) => {
        const personas = rows.map(([name, description], i) => persona(`id-${i}`, `${name.trim() || 'x'}-${i}`, i + 1, { description: description.trim() || 'x' }));
        const payload = buildPayload('dev', 1000, SettingsSchema.parse({}), personas, []);
        let items: Record<string, unknown>;
        try {
          items = toItems(payload, textHash(JSON.stringify(payload)));
        } catch (err) {
          expect(err).toBeInstanceOf(SyncTooLarge);
          return;
        }
        for (const [k, v] of Object.entries(items)) expect(new TextEncoder().encode(k + JSON.stringify(v)).length).toBeLessThanOrEqual(SYNC_LIMITS.perItem);
        expect(fromItems(items, textHash)).toEqual(payload);
      }),
      { numRuns: 60 },
    );
  });

  it('never syncs page content: examples stay in this browser', () => {
    const p = persona('a', 'Alpha', 5, { examples: [{ positive: true, title: 'A page', text: 'Page text that must not sync', url: 'https://example.com/a', source: 'curate', addedAt: 1 }] });
    const payload = buildPayload('dev', 1000, SettingsSchema.parse({}), [p], []);
    expect(JSON.stringify(payload)).not.toContain('Page text that must not sync');
    expect(JSON.stringify(payload)).not.toContain('example.com');
  });

  it('says plainly when personas are too large for sync', () => {
    const personas = Array.from({ length: 150 }, (_, i) => persona(`id-${i}`, `Persona ${i}`, 1, { description: 'x'.repeat(900) }));
    expect(() => toItems(buildPayload('dev', 1, SettingsSchema.parse({}), personas, []), 'h')).toThrow(/more than browser sync holds/);
  });

  it('ignores a half-written or damaged payload', () => {
    const payload = buildPayload('dev', 1000, SettingsSchema.parse({}), [persona('a', 'Alpha', 1, { description: 'y'.repeat(900) })], []);
    const items = toItems(payload, textHash(JSON.stringify(payload)));
    expect(fromItems({ ...items, 'pc.sync.0': 'tampered' }, textHash)).toBeNull();
    expect(fromItems({ 'pc.sync': (items as Record<string, unknown>)['pc.sync'] }, textHash)).toBeNull();
  });
});

describe('sync merge: the newest edit wins, with a note', () => {
  const remote = (personas: Persona[], deleted: { id: string; at: number }[] = [], savedAt = 100): SyncPayload => buildPayload('other', savedAt, SettingsSchema.parse({}), personas, deleted);

  it('adds, updates the older, keeps the newer, deletes, and keeps examples learned here', () => {
    const example = { positive: true, title: 't', text: 'x', url: 'https://e.com', source: 'curate' as const, addedAt: 1 };
    const local = [persona('a', 'Alpha', 10, { examples: [example] }), persona('b', 'Beta', 50), persona('c', 'Gamma', 10)];
    const r = remote([persona('a', 'Alpha', 20, { description: 'New words.' }), persona('b', 'Beta', 30, { description: 'Older.' }), persona('d', 'Delta', 5)], [{ id: 'c', at: 15 }]);
    const merged = mergeRemote(local, [], r, 40, true);
    expect(merged.put.map((p) => [p.id, p.description])).toEqual([
      ['a', 'New words.'],
      ['d', 'About Delta.'],
    ]);
    expect(merged.put[0]!.examples).toEqual([example]);
    expect(merged.remove).toEqual(['c']);
    expect(merged.notes.map((n) => n.kind).sort()).toEqual(['added', 'deleted', 'updated']);
  });

  it('notes when an edit made here since the last sync lost to a newer one', () => {
    const merged = mergeRemote([persona('a', 'Alpha', 30, { description: 'Mine.' })], [], remote([persona('a', 'Alpha', 35, { description: 'Theirs.' })]), 20, true);
    expect(merged.notes).toEqual([{ kind: 'replaced-local', name: 'Alpha' }]);
  });

  it('a persona deleted here stays deleted unless edited there afterwards; a name made in both is kept twice', () => {
    expect(mergeRemote([], [{ id: 'a', at: 50 }], remote([persona('a', 'Alpha', 40)]), 0, true).put).toEqual([]);
    expect(mergeRemote([], [{ id: 'a', at: 50 }], remote([persona('a', 'Alpha', 60)]), 0, true).put.map((p) => p.id)).toEqual(['a']);
    const twice = mergeRemote([persona('x', 'Alpha', 1)], [], remote([persona('y', 'Alpha', 2)]), 0, true);
    expect(twice.put.map((p) => p.name)).toEqual(['Alpha (other browser)']);
    // Renamed there to a name another persona holds here: kept, under a new name, so the merge can be stored.
    const renamed = mergeRemote([persona('x', 'Alpha', 1), persona('y', 'Beta', 1)], [], remote([persona('x', 'Alpha', 1), persona('y', 'Alpha', 5)]), 0, true);
    expect(renamed.put.map((p) => [p.id, p.name])).toEqual([['y', 'Alpha (other browser)']]);
  });
});

describe('sync between two browsers (two databases, one storage.sync)', () => {
  it('a persona made in one browser arrives in the other; an edit comes back; a deletion too; examples never leave', async () => {
    const area = memoryArea();
    let t = 1_000;
    const now = () => ++t;
    const dbA = openDb(`sync-a-${Math.random()}`);
    const dbB = openDb(`sync-b-${Math.random()}`);
    const a = createSync({ db: dbA, area, now });
    const b = createSync({ db: dbB, area, now });
    await dbA.personas.put(persona('p1', 'Weekend Desk', now(), { examples: [{ positive: true, title: 'Secret page', text: 'page text', url: 'https://e.com/x', source: 'curate', addedAt: 1 }] }));
    await a.push();
    expect(JSON.stringify(area.items)).not.toContain('page text');
    expect(await b.pull()).toBe(true);
    expect((await dbB.personas.get('p1'))?.name).toBe('Weekend Desk');
    expect((await dbB.personas.get('p1'))?.examples).toEqual([]);
    expect((await b.state()).note?.text).toMatch(/1 added/);

    // Nothing changed: pushing again writes nothing (storage.sync limits writes per minute).
    const writes = area.writes;
    await a.push();
    expect(area.writes).toBe(writes);

    await dbB.personas.update('p1', { description: 'Edited in the other browser.', updatedAt: now() });
    await b.push();
    expect(await a.pull()).toBe(true);
    expect((await dbA.personas.get('p1'))?.description).toBe('Edited in the other browser.');
    expect((await dbA.personas.get('p1'))?.examples.length).toBe(1);

    await dbA.personas.delete('p1');
    await dbA.kv.put({ key: KV.syncDeleted, value: [{ id: 'p1', at: now() }] });
    await a.push();
    await b.pull();
    expect(await dbB.personas.get('p1')).toBeUndefined();
  });
});

describe('sync never wedges', () => {
  const names = async (db: ReturnType<typeof openDb>) => (await db.personas.toArray()).map((p) => p.name).sort();

  it('three browsers sharing one persona name: every pull succeeds, names stay unique, nothing is lost', async () => {
    const area = memoryArea();
    let t = 1_000;
    const now = () => ++t;
    const browsers = ['a', 'b', 'c'].map((id) => {
      const db = openDb(`sync-3-${id}-${Math.random()}`);
      return { id, db, sync: createSync({ db, area, now }) };
    });
    for (const { id, db } of browsers) await db.personas.put(persona(id, 'Weekend Desk', now(), { description: `Made in browser ${id}.` }));
    // Each browser in turn merges what is stored and writes its own content, three rounds.
    for (let round = 0; round < 3; round++) {
      for (const { sync } of browsers) {
        await sync.pull();
        expect((await sync.state()).status).toBe('ok');
        await sync.push();
        expect((await sync.state()).status).toBe('ok');
      }
    }
    for (const { db } of browsers) {
      const all = await db.personas.toArray();
      expect(all.map((p) => [p.id, p.description]).sort()).toEqual([
        ['a', 'Made in browser a.'],
        ['b', 'Made in browser b.'],
        ['c', 'Made in browser c.'],
      ]);
      expect(new Set(all.map((p) => p.nameKey)).size).toBe(3);
      for (const p of all) expect(p.nameKey).toBe(p.name.toLowerCase());
    }
    expect(await names(browsers[2]!.db)).toEqual(['Weekend Desk', 'Weekend Desk (other browser 2)', 'Weekend Desk (other browser)']);

    // An edit made afterwards in one browser reaches the other two: nothing overwrote it.
    const [a, b, c] = browsers as [(typeof browsers)[0], (typeof browsers)[0], (typeof browsers)[0]];
    await c.db.personas.update('c', { description: 'Edited in browser c.', updatedAt: now() });
    await c.sync.push();
    expect(await a.sync.pull()).toBe(true);
    await a.sync.push();
    expect(await b.sync.pull()).toBe(true);
    for (const { db } of browsers) expect((await db.personas.get('c'))?.description).toBe('Edited in browser c.');
  });

  it('a rename goes on counting until the name is free, in French too', async () => {
    const { setI18nApi } = await import('../../lib/i18n/i18n');
    const { fakeI18n } = await import('../../lib/i18n/node');
    const local = [persona('x', 'Alpha', 1), persona('y', 'Alpha (other browser)', 1), persona('z', 'Alpha (other browser 2)', 1)];
    expect(mergeRemote(local, [], buildPayload('o', 9, SettingsSchema.parse({}), [persona('w', 'ALPHA', 2)], []), 0, true).put.map((p) => [p.name, p.nameKey])).toEqual([
      ['ALPHA (other browser 3)', 'alpha (other browser 3)'],
    ]);
    setI18nApi(fakeI18n('fr'));
    try {
      const fr = [persona('x', 'Alpha', 1), persona('y', 'Alpha (autre navigateur)', 1)];
      expect(mergeRemote(fr, [], buildPayload('o', 9, SettingsSchema.parse({}), [persona('w', 'Alpha', 2)], []), 0, true).put.map((p) => p.name)).toEqual(['Alpha (autre navigateur 2)']);
      // A long name is shortened, never the number: each try is a new name that fits.
      const long = 'N'.repeat(80);
      const first = mergeRemote([persona('x', long, 1)], [], buildPayload('o', 9, SettingsSchema.parse({}), [persona('w', long, 2)], []), 0, true).put[0]!.name;
      expect(first).toMatch(/^N+ \(autre navigateur\)$/);
      const second = mergeRemote([persona('x', long, 1), persona('y', first, 1)], [], buildPayload('o', 9, SettingsSchema.parse({}), [persona('w', long, 2)], []), 0, true).put[0]!.name;
      expect(second).toMatch(/^N+ \(autre navigateur 2\)$/);
      expect(second.length).toBeLessThanOrEqual(80);
    } finally {
      setI18nApi(fakeI18n('en'));
    }
  });

  it('never trusts the name key another browser sent', async () => {
    const remote = buildPayload('o', 9, SettingsSchema.parse({}), [{ ...persona('y', 'Alpha', 2), nameKey: 'something else' }], []);
    const merged = mergeRemote([persona('x', 'Alpha', 1)], [], remote, 0, true);
    expect(merged.put.map((p) => [p.name, p.nameKey])).toEqual([['Alpha (other browser)', 'alpha (other browser)']]);
  });

  it('keeps deletion records under the cap its readers accept, so many deletions never stop sync', async () => {
    const area = memoryArea();
    let t = 1_000_000;
    const now = () => ++t;
    const dbA = openDb(`sync-del-a-${Math.random()}`);
    const dbB = openDb(`sync-del-b-${Math.random()}`);
    await dbA.personas.put(persona('p1', 'Alpha', now()));
    // Deletions from this browser and two others, merged over months: more than any payload may carry.
    const tombstones = Array.from({ length: 2_500 }, (_, i) => ({ id: crypto.randomUUID(), at: now() + i }));
    await dbA.kv.put({ key: KV.syncDeleted, value: tombstones });
    const a = createSync({ db: dbA, area, now });
    await a.push();
    expect((await a.state()).status).toBe('ok');
    const stored = fromItems(area.items, textHash);
    expect(stored?.deleted.length).toBeLessThanOrEqual(MAX_TOMBSTONES);
    // The newest are kept.
    expect(stored?.deleted.at(-1)).toEqual(tombstones.at(-1));
    expect(await createSync({ db: dbB, area, now }).pull()).toBe(true);
    expect((await dbB.personas.get('p1'))?.name).toBe('Alpha');
    // A merge of two long lists is pruned to the same cap before it is stored.
    const merged = mergeRemote([], tombstones.slice(0, 1_500), buildPayload('o', t, SettingsSchema.parse({}), [], tombstones.slice(1_000)), 0, true);
    expect(merged.deleted.length).toBe(MAX_TOMBSTONES);
  });
});

describe('a tampered or oversized payload is ignored, with a note, never half-applied', () => {
  /** Writes what a hostile or broken writer could put in storage.sync, bypassing its limits. */
  function plant(area: ReturnType<typeof memoryArea>, payload: unknown) {
    const text = typeof payload === 'string' ? payload : JSON.stringify(payload);
    area.items = { 'pc.sync': { v: 1, chunks: 1, hash: textHash(text), savedAt: 5_000, device: 'hostile' }, 'pc.sync.0': text };
  }
  const valid = (personas: Persona[]) => buildPayload('hostile', 5_000, SettingsSchema.parse({}), personas, []);
  const cases: [string, unknown][] = [
    ['a name far over its limit', { ...valid([]), personas: [{ ...persona('y', 'Beta', 2), name: 'B'.repeat(5_000) }] }],
    ['an id far over any real id', { ...valid([]), personas: [persona('y'.repeat(10_000), 'Beta', 2)] }],
    ['a half-valid list: one good persona, one bad', { ...valid([persona('g', 'Good', 2)]), personas: [persona('g', 'Good', 2), { ...persona('y', 'Bad', 2), keywords: 'not a list' }] }],
    ['the same id twice', valid([persona('y', 'Beta', 2), persona('y', 'Gamma', 3)])],
    ['edits dated years ahead, which would win every later merge', valid([persona('x', 'Alpha', 10 ** 15)])],
    ['more personas than any reader accepts', { ...valid([]), personas: Array.from({ length: 501 }, (_, i) => persona(`p${i}`, `P${i}`, 2)) }],
    ['more deletions than any reader accepts', { ...valid([]), deleted: Array.from({ length: MAX_TOMBSTONES + 1 }, (_, i) => ({ id: `d${i}`, at: 2 })) }],
    ['text that is not JSON', '{"v":1,'],
    ['more text than storage.sync holds', { ...valid([]), padding: 'x'.repeat(SYNC_LIMITS.total) }],
  ];
  it.each(cases)('%s', async (_label, payload) => {
    const area = memoryArea();
    const db = openDb(`sync-bad-${Math.random()}`);
    await db.personas.put(persona('x', 'Alpha', 1, { description: 'Mine.' }));
    const sync = createSync({ db, area, now: () => 10_000 });
    plant(area, payload);
    await expect(sync.pull()).resolves.toBe(false);
    expect((await db.personas.toArray()).map((p) => [p.id, p.name, p.description])).toEqual([['x', 'Alpha', 'Mine.']]);
    const state = await sync.state();
    expect(state.note?.text).toMatch(/ignored/i);
    // Read once, noted once: the same bad payload read again adds nothing.
    await sync.pull();
    expect((await sync.state()).note).toEqual(state.note);
    // This browser's next push replaces it.
    await sync.push();
    expect(fromItems(area.items, textHash)?.personas.map((p) => p.id)).toEqual(['x']);
  });

  it('a payload caught half-written (chunks newer than the meta item) is skipped without a note', async () => {
    const area = memoryArea();
    const db = openDb(`sync-half-${Math.random()}`);
    const sync = createSync({ db, area, now: () => 10_000 });
    plant(area, valid([persona('y', 'Beta', 2)]));
    area.items['pc.sync.0'] = JSON.stringify(valid([persona('y', 'Beta', 3)]));
    expect(await sync.pull()).toBe(false);
    expect((await sync.state()).note).toBeNull();
  });
});
