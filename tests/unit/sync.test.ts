import 'fake-indexeddb/auto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { openDb, KV } from '../../lib/db/db';
import { PersonaSchema, type Persona } from '../../lib/personas/schema';
import { buildPayload, fromItems, mergeRemote, SYNC_LIMITS, SyncTooLarge, textHash, toItems, type SyncPayload } from '../../lib/sync/payload';
import { createSync, type SyncArea } from '../../lib/sync/sync';
import { SettingsSchema } from '../../lib/db/schema';

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
