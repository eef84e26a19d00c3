import { z } from '../util/zod';
import { t, tn } from '../i18n/i18n';
import { PersonaSchema, type Persona } from '../personas/schema';
import { SettingsSchema, type Settings } from '../db/schema';
import { fnv1a } from '../util/hash';

/**
 * What syncs between a person's browsers through storage.sync: persona
 * definitions and a few settings. Never page content: a persona's learned
 * examples (page text) stay in the browser that learned them, and so do the
 * corpus statistics, the queue and the model.
 */
export const SYNCED_PERSONA = PersonaSchema.omit({ examples: true });
export type SyncedPersona = z.infer<typeof SYNCED_PERSONA>;

export const SyncPayloadSchema = z.object({
  v: z.literal(1),
  /** Which browser wrote it (a random id kept in that browser). */
  device: z.string().min(1).max(64),
  savedAt: z.number(),
  settings: z.object({ threshold: SettingsSchema.shape.threshold, handoff: SettingsSchema.shape.handoff }),
  personas: z.array(SYNCED_PERSONA).max(500),
  /** Personas deleted, so a deletion reaches the other browsers (kept 90 days). */
  deleted: z.array(z.object({ id: z.string().min(1), at: z.number() })).max(2_000),
});
export type SyncPayload = z.infer<typeof SyncPayloadSchema>;

/** chrome.storage.sync's limits (Firefox has the same): 8,192 bytes an item, 102,400 in all, 512 items. */
export const SYNC_LIMITS = { perItem: 8_192, total: 102_400, items: 512 } as const;
export const META_KEY = 'pc.sync';
export const CHUNK_PREFIX = 'pc.sync.';
export const TOMBSTONE_DAYS = 90;

const bytes = (s: string) => new TextEncoder().encode(s).length;

/** A payload as storage.sync items: a meta item naming the chunks and the hash, and chunks that each fit. */
export function toItems(payload: SyncPayload, hash: string): Record<string, unknown> {
  const text = JSON.stringify(payload);
  const chunks: string[] = [];
  // Each item's size is its key plus its JSON value; chunks are cut by UTF-8 bytes with a margin for escaping.
  const budget = SYNC_LIMITS.perItem - CHUNK_PREFIX.length - 8;
  let i = 0;
  while (i < text.length) {
    let end = Math.min(text.length, i + budget);
    while (end > i && bytes(JSON.stringify(text.slice(i, end))) > budget) end = i + Math.floor((end - i) * 0.9);
    // Never split a surrogate pair.
    if (end < text.length && /[\uD800-\uDBFF]/.test(text[end - 1]!)) end--;
    chunks.push(text.slice(i, end));
    i = end;
  }
  const items: Record<string, unknown> = { [META_KEY]: { v: 1, chunks: chunks.length, hash, savedAt: payload.savedAt, device: payload.device } };
  chunks.forEach((c, n) => (items[`${CHUNK_PREFIX}${n}`] = c));
  const total = Object.entries(items).reduce((sum, [k, v]) => sum + bytes(k) + bytes(JSON.stringify(v)), 0);
  if (total > SYNC_LIMITS.total * 0.95 || chunks.length + 1 > SYNC_LIMITS.items) {
    throw new SyncTooLarge(t('sync_too_large', Math.ceil(total / 1024), SYNC_LIMITS.total / 1024));
  }
  return items;
}

export class SyncTooLarge extends Error {
  override name = 'SyncTooLarge';
}

export const SyncMetaSchema = z.object({ v: z.literal(1), chunks: z.number().int().min(0).max(SYNC_LIMITS.items), hash: z.string(), savedAt: z.number(), device: z.string() });

/** Reads a payload back from storage.sync items; null when absent, half-written or damaged (the next write repairs it). */
export function fromItems(items: Record<string, unknown>, hashOf: (text: string) => string): SyncPayload | null {
  const meta = SyncMetaSchema.safeParse(items[META_KEY]);
  if (!meta.success) return null;
  let text = '';
  for (let n = 0; n < meta.data.chunks; n++) {
    const chunk = items[`${CHUNK_PREFIX}${n}`];
    if (typeof chunk !== 'string') return null;
    text += chunk;
  }
  if (hashOf(text) !== meta.data.hash) return null;
  try {
    const parsed = SyncPayloadSchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** A short, stable hash (FNV-1a, twice) of the payload's text: equal content, equal hash. */
export function textHash(text: string): string {
  let b = 5381;
  for (let i = 0; i < text.length; i++) b = (Math.imul(b, 33) ^ text.charCodeAt(i)) >>> 0;
  return `${fnv1a(text).toString(36)}${b.toString(36)}:${text.length}`;
}

export function buildPayload(device: string, now: number, settings: Settings, personas: readonly Persona[], deleted: readonly { id: string; at: number }[]): SyncPayload {
  const cutoff = now - TOMBSTONE_DAYS * 86_400_000;
  return {
    v: 1,
    device,
    savedAt: now,
    settings: { threshold: settings.threshold, handoff: settings.handoff },
    personas: personas.map(({ examples: _examples, ...p }) => p).sort((x, y) => x.id.localeCompare(y.id)),
    deleted: deleted.filter((d) => d.at >= cutoff),
  };
}

/** The part of a payload that is content (not who wrote it or when): unchanged content is not written again. */
export function contentOf(p: SyncPayload): string {
  return JSON.stringify({ settings: p.settings, personas: p.personas, deleted: p.deleted });
}

export interface MergeNote {
  kind: 'added' | 'updated' | 'deleted' | 'replaced-local' | 'renamed';
  name: string;
}

export interface MergeResult {
  /** Personas to store (examples kept from this browser). */
  put: Persona[];
  /** Persona ids to delete here. */
  remove: string[];
  settings: Pick<Settings, 'threshold' | 'handoff'> | null;
  deleted: { id: string; at: number }[];
  notes: MergeNote[];
}

/**
 * Merges what another browser synced into this one. The newest edit of each
 * persona wins (by its updatedAt); a deletion wins over older edits; a local
 * edit made since the last sync that loses says so in a note. Examples are
 * never in the payload, so a persona's examples here are kept.
 */
export function mergeRemote(local: readonly Persona[], localDeleted: readonly { id: string; at: number }[], remote: SyncPayload, lastSyncedAt: number, remoteSettingsNewer: boolean): MergeResult {
  const byId = new Map(local.map((p) => [p.id, p]));
  const put: Persona[] = [];
  const remove: string[] = [];
  const notes: MergeNote[] = [];
  const deletedHere = new Map(localDeleted.map((d) => [d.id, d.at]));
  const names = new Map(local.map((p) => [p.nameKey, p.id]));
  for (const r of remote.personas) {
    const mine = byId.get(r.id);
    const goneHere = deletedHere.get(r.id);
    if (goneHere !== undefined && goneHere >= r.updatedAt) continue;
    if (!mine) {
      let incoming: Persona = { ...r, examples: [] };
      const clash = names.get(incoming.nameKey);
      if (clash && clash !== r.id) {
        // The same name made separately in two browsers: both are kept, the newcomer renamed.
        const name = t('sync_other_browser', r.name.slice(0, 60)).slice(0, 80);
        incoming = { ...incoming, name, nameKey: name.toLowerCase() };
        notes.push({ kind: 'renamed', name });
      } else notes.push({ kind: 'added', name: r.name });
      names.set(incoming.nameKey, r.id);
      put.push(incoming);
      continue;
    }
    const { examples, ...mineSynced } = mine;
    if (JSON.stringify(mineSynced) === JSON.stringify(r)) continue;
    if (r.updatedAt > mine.updatedAt) {
      let incoming: Persona = { ...r, examples };
      const holder = names.get(incoming.nameKey);
      if (holder && holder !== r.id) {
        // Renamed there to a name another persona holds here: both are kept, this one under a new name.
        const name = t('sync_other_browser', r.name.slice(0, 60)).slice(0, 80);
        incoming = { ...incoming, name, nameKey: name.toLowerCase() };
        notes.push({ kind: 'renamed', name });
      } else notes.push({ kind: mine.updatedAt > lastSyncedAt ? 'replaced-local' : 'updated', name: r.name });
      names.delete(mine.nameKey);
      names.set(incoming.nameKey, r.id);
      put.push(incoming);
    }
  }
  for (const d of remote.deleted) {
    const mine = byId.get(d.id);
    if (mine && d.at >= mine.updatedAt) {
      remove.push(d.id);
      notes.push({ kind: 'deleted', name: mine.name });
    }
  }
  const deleted = [...new Map([...localDeleted, ...remote.deleted].map((d) => [d.id, d])).values()];
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
