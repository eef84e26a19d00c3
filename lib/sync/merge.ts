import { t, tn } from '../i18n/i18n';
import { nameKey, type Persona } from '../core/personas/schema';
import type { Settings } from '../store/schema';
import { pruneTombstones, type Tombstone } from '../store/tombstones';
import type { SyncedPersona, SyncPayload } from './payload';

/** How another browser's payload joins this one's personas and settings (lib/sync/sync applies the result). */

export interface MergeNote {
  kind: 'added' | 'updated' | 'deleted' | 'replaced-local' | 'renamed';
  name: string;
}

export interface MergeResult {
  /** Personas to store (examples kept from this browser), in order, after `remove`: each name is free when its turn comes. */
  put: Persona[];
  /** Persona ids to delete here. */
  remove: string[];
  settings: Pick<Settings, 'threshold' | 'handoff'> | null;
  deleted: Tombstone[];
  notes: MergeNote[];
}

/** Longest persona name (PersonaInputSchema). */
const MAX_NAME = 80;

/** "Name (other browser)", then "Name (other browser 2)", … in the UI's language, shortening the name, never the number, to fit. */
function otherBrowserName(name: string, n: number): string {
  const label = (base: string) => (n === 1 ? t('sync_other_browser', base) : t('sync_other_browser_n', base, n));
  let base = name.slice(0, 60);
  let out = label(base);
  while (out.length > MAX_NAME && base.length > 1) {
    base = base.slice(0, Math.max(1, base.length - (out.length - MAX_NAME)));
    out = label(base);
  }
  return out.slice(0, MAX_NAME);
}

/**
 * Merges what another browser synced into this one. The newest edit of each
 * persona wins (by its updatedAt); a deletion wins over older edits; a local
 * edit made since the last sync that loses says so in a note. Examples are
 * never in the payload, so a persona's examples here are kept. Names stay
 * unique here: a name another persona holds gets "(other browser)", then
 * "(other browser 2)", … until it is free, and name keys are recomputed, never taken from the payload.
 */
export function mergeRemote(local: readonly Persona[], localDeleted: readonly Tombstone[], remote: SyncPayload, lastSyncedAt: number, remoteSettingsNewer: boolean): MergeResult {
  const byId = new Map(local.map((p) => [p.id, p]));
  const put: Persona[] = [];
  const remove: string[] = [];
  const notes: MergeNote[] = [];
  const deletedHere = new Map(localDeleted.map((d) => [d.id, d.at]));
  const deletedThere = new Map<string, number>();
  for (const d of remote.deleted) deletedThere.set(d.id, Math.max(d.at, deletedThere.get(d.id) ?? -Infinity));
  const remoteById = new Map(remote.personas.map((r) => [r.id, r]));
  // Who holds each name here, kept in step with the stores and deletions below, in the order they are applied.
  const names = new Map(local.map((p) => [nameKey(p.name), p.id]));

  // Deletions first (they are applied first), so the names they free can be taken.
  for (const [id, at] of deletedThere) {
    const mine = byId.get(id);
    const r = remoteById.get(id);
    // Kept when edited after the deletion, here or there.
    if (!mine || at < mine.updatedAt || (r && r.updatedAt > at)) continue;
    remove.push(id);
    names.delete(nameKey(mine.name));
    notes.push({ kind: 'deleted', name: mine.name });
  }
  const removed = new Set(remove);

  /** A name free here for persona `id`: its own, or the first free "(other browser n)". */
  const freeName = (name: string, id: string): string => {
    const holder = names.get(nameKey(name));
    if (!holder || holder === id) return name;
    // At most one try per name held, plus one: the loop always ends.
    for (let n = 1; n <= names.size + 1; n++) {
      const candidate = otherBrowserName(name, n);
      const h = names.get(nameKey(candidate));
      if (!h || h === id) return candidate;
    }
    return otherBrowserName(`${name.slice(0, 40)} ${id.slice(0, 8)}`, 1);
  };

  const store = (r: SyncedPersona, examples: Persona['examples'], fallbackNote: MergeNote['kind'], mine?: Persona) => {
    const name = freeName(r.name, r.id);
    if (mine) names.delete(nameKey(mine.name));
    names.set(nameKey(name), r.id);
    put.push({ ...r, name, nameKey: nameKey(name), examples });
    notes.push(name === r.name ? { kind: fallbackNote, name } : { kind: 'renamed', name });
  };

  for (const r of remote.personas) {
    const mine = removed.has(r.id) ? undefined : byId.get(r.id);
    const gone = Math.max(deletedHere.get(r.id) ?? -Infinity, deletedThere.get(r.id) ?? -Infinity);
    if (gone >= r.updatedAt) continue;
    if (!mine) {
      if (!removed.has(r.id)) store(r, [], 'added');
      continue;
    }
    const { examples, ...mineSynced } = mine;
    if (JSON.stringify(mineSynced) === JSON.stringify(r)) continue;
    if (r.updatedAt > mine.updatedAt) store(r, examples, mine.updatedAt > lastSyncedAt ? 'replaced-local' : 'updated', mine);
  }
  const deleted = pruneTombstones([...localDeleted, ...remote.deleted]);
  return { put, remove, settings: remoteSettingsNewer ? remote.settings : null, deleted, notes };
}

/** One line for the options page, e.g. "From another browser: 1 added, 1 updated. Your edit of “X” here was older and was replaced." */
export function describeNotes(notes: readonly MergeNote[]): string {
  const count = (...kinds: MergeNote['kind'][]) => notes.filter((n) => kinds.includes(n.kind)).length;
  const parts = [
    count('added') && tn('sync_added', count('added')),
    count('updated', 'replaced-local') && tn('sync_updated', count('updated', 'replaced-local')),
    count('deleted') && tn('sync_deleted', count('deleted')),
    count('renamed') && tn('sync_renamed', count('renamed')),
  ].filter((p): p is string => Boolean(p));
  const replaced = notes.filter((n) => n.kind === 'replaced-local').map((n) => `“${n.name}”`);
  const tail = replaced.length ? t('sync_replaced', replaced.join(', ')) : '';
  return parts.length ? `${t('sync_note_intro', parts.join(', '))}${tail}` : '';
}
