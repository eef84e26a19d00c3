import { afterEach, describe, expect, it } from 'vitest';
import { putCapped } from '../../lib/store/capped';
import { openDb, type CuratorDb } from '../../lib/store/db';

describe('capped caches (scores, vectors)', () => {
  let db: CuratorDb;
  afterEach(async () => {
    db.close();
    await db.delete();
  });

  it('keeps the newest rows past the cap, dropping the oldest first', async () => {
    db = openDb(`capped-${Math.random()}`);
    for (let i = 0; i < 7; i++) await putCapped(db.vectors, { key: `v${i}`, createdAt: 1_000 + i, vectors: [Float32Array.of(i)] }, 5);
    expect((await db.vectors.orderBy('createdAt').primaryKeys()).sort()).toEqual(['v2', 'v3', 'v4', 'v5', 'v6']);
    // Writing a row again refreshes it in place, and the count stays at the cap.
    await putCapped(db.vectors, { key: 'v2', createdAt: 2_000, vectors: [Float32Array.of(2)] }, 5);
    expect(await db.vectors.count()).toBe(5);
    await putCapped(db.vectors, { key: 'v7', createdAt: 2_001, vectors: [Float32Array.of(7)] }, 5);
    expect((await db.vectors.orderBy('createdAt').primaryKeys()).sort()).toEqual(['v2', 'v4', 'v5', 'v6', 'v7']);
  });
});
