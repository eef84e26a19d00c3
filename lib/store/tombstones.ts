import type { CuratorDb } from './db';
import { getKv, KEYS, putKv } from './kv';
import type { Tombstone } from './schema';

/**
 * Deletion markers (kv "syncDeleted"): a persona deleted here is remembered, so the deletion reaches the
 * person's other browsers (lib/sync). Written when a persona is deleted or a sync merges, always pruned
 * here, so what is stored is what a payload may carry.
 */

/** Deletion records kept and carried at most, the newest kept: readers reject more, and about 60 bytes each, 500 take under a third of storage.sync. */
export const MAX_TOMBSTONES = 500;

export { TombstoneSchema, type Tombstone } from './schema';

/** One record per id (its latest deletion), the newest MAX_TOMBSTONES, oldest first: what is stored and written. */
export function pruneTombstones(list: readonly Tombstone[]): Tombstone[] {
  const latest = new Map<string, Tombstone>();
  for (const d of list) if ((latest.get(d.id)?.at ?? -Infinity) <= d.at) latest.set(d.id, d);
  return [...latest.values()].sort((a, b) => a.at - b.at).slice(-MAX_TOMBSTONES);
}

/** Stores the markers, pruned (inside or outside the caller's transaction covering db.kv). */
export async function writeTombstones(db: CuratorDb, list: readonly Tombstone[]): Promise<void> {
  await putKv(db, KEYS.syncDeleted, pruneTombstones(list));
}

/** A persona deleted here: remembered so the deletion reaches the other browsers. Inside the caller's transaction covering db.kv. */
export async function rememberDeletion(db: CuratorDb, id: string, at: number): Promise<void> {
  await writeTombstones(db, [...(await getKv(db, KEYS.syncDeleted)), { id, at }]);
}
