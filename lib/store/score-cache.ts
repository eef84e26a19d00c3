import type { PersonaScore, ScoreMode } from '../core/score';
import { putCapped } from './capped';
import type { CuratorDb } from './db';
import { ScoreCacheSchema, type ScoreCacheEntry } from './schema';

/**
 * The score cache (Dexie table "scoreCache"): a page's final scores under its content hash and the personas'
 * revision, and a mark per page counted into the corpus statistics (so no page is counted twice).
 */

/** Cached scores kept at most; the oldest go first. */
export const MAX_CACHE = 1_000;

const countedKey = (hash: string) => `${hash}:counted`;

/** Cached scores, checked against their schema: a row that fails it is a miss (the page is scored again). */
export async function cachedScores(db: CuratorDb, key: string): Promise<ScoreCacheEntry | undefined> {
  const row = await db.scoreCache.get(key);
  return row && ScoreCacheSchema.safeParse(row).success ? row : undefined;
}

/** Caches a page's final scores, the oldest past the cap dropped. */
export async function cacheScores(db: CuratorDb, row: { key: string; at: number; scores: PersonaScore[]; language: string; mode: ScoreMode }): Promise<void> {
  await putCapped(db.scoreCache, { key: row.key, createdAt: row.at, scores: row.scores, language: row.language, mode: row.mode }, MAX_CACHE);
}

/** Whether a page (by content hash) was counted already, under any personas or scorer. Inside the caller's transaction. */
export async function countedBefore(db: CuratorDb, hash: string): Promise<boolean> {
  return (await db.scoreCache.where('key').startsWith(`${hash}:`).count()) > 0;
}

/** Marks a page as counted, in the transaction that counts it. */
export async function markCounted(db: CuratorDb, hash: string, at: number, language: string): Promise<void> {
  await db.scoreCache.put({ key: countedKey(hash), createdAt: at, scores: [], language, mode: 'lexical' });
}
