import type { VectorCache } from '../core/score/hybrid';
import { ignored } from '../util/log';
import { putCapped } from './capped';
import type { CuratorDb } from './db';

/** Cached embedding rows kept at most (pages and personas). */
export const MAX_VECTORS = 2_000;

/** Vectors in Dexie (table "vectors"), keyed by model id and content hash or persona revision, oldest dropped past a cap. */
export function vectorCache(db: CuratorDb, now: () => number): VectorCache {
  return {
    async get(k) {
      return (await db.vectors.get(k))?.vectors;
    },
    async put(k, vectors) {
      // Vectors that cannot be kept only cost recomputing them.
      await putCapped(db.vectors, { key: k, createdAt: now(), vectors: vectors.map((v) => Float32Array.from(v)) }, MAX_VECTORS).catch(ignored('curator'));
    },
  };
}

/** Drops a persona's cached embeddings (it was deleted). Inside the caller's transaction covering db.vectors. */
export async function dropPersonaVectors(db: CuratorDb, personaId: string): Promise<void> {
  const own = (await db.vectors.toCollection().primaryKeys()).filter((k) => k.includes(`|persona|${personaId}|`));
  if (own.length) await db.vectors.bulkDelete(own);
}
