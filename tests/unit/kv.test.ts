import { afterEach, describe, expect, it } from 'vitest';
import { openDb, type CuratorDb } from '../../lib/store/db';
import { getKv, hasKv, KEYS, KV, putKv } from '../../lib/store/kv';
import { MAX_TOMBSTONES, rememberDeletion } from '../../lib/store/tombstones';

describe('typed kv rows', () => {
  let db: CuratorDb;
  afterEach(async () => {
    db.close();
    await db.delete();
  });

  it('a missing row reads as its default, a stored one as written', async () => {
    db = openDb(`kv-${Math.random()}`);
    expect(await getKv(db, KEYS.samplesInstalled)).toBe(false);
    expect(await getKv(db, KEYS.syncDeleted)).toEqual([]);
    expect((await getKv(db, KEYS.semantic)).models).toEqual({});
    expect(await hasKv(db, KEYS.samplesInstalled)).toBe(false);
    await putKv(db, KEYS.samplesInstalled, true);
    await putKv(db, KEYS.syncDevice, 'device-1');
    expect(await getKv(db, KEYS.samplesInstalled)).toBe(true);
    expect(await getKv(db, KEYS.syncDevice)).toBe('device-1');
    expect(await hasKv(db, KEYS.samplesInstalled)).toBe(true);
  });

  it('a damaged row reads as its default instead of reaching a caller with the wrong shape', async () => {
    db = openDb(`kv-${Math.random()}`);
    await db.kv.bulkPut([
      { key: KV.syncDeleted, value: 'not a list' },
      { key: KV.modelIdleMs, value: -5 },
      { key: KV.semantic, value: { models: null } },
      { key: KV.settings, value: 42 },
      { key: KV.modelStatus, value: { phase: 'nonsense' } },
    ]);
    expect(await getKv(db, KEYS.syncDeleted)).toEqual([]);
    expect(await getKv(db, KEYS.modelIdleMs)).toBeUndefined();
    expect(await getKv(db, KEYS.semantic)).toEqual({ models: {} });
    expect((await getKv(db, KEYS.settings)).threshold).toBe(KEYS.settings.fallback().threshold);
    expect(await getKv(db, KEYS.modelStatus)).toBeNull();
  });

  it('deletion markers are stored pruned: one per persona, its latest, the newest few hundred', async () => {
    db = openDb(`kv-${Math.random()}`);
    await putKv(
      db,
      KEYS.syncDeleted,
      Array.from({ length: MAX_TOMBSTONES + 50 }, (_, i) => ({ id: `old-${i}`, at: i })),
    );
    await rememberDeletion(db, 'old-3', 10_000);
    const kept = await getKv(db, KEYS.syncDeleted);
    expect(kept).toHaveLength(MAX_TOMBSTONES);
    expect(kept.at(-1)).toEqual({ id: 'old-3', at: 10_000 });
    expect(kept.filter((d) => d.id === 'old-3')).toHaveLength(1);
  });
});
