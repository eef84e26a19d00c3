import { z } from '../util/zod';
import { t, tn } from '../i18n/i18n';
import { nameKey, PersonaSchema, type Persona } from '../personas/schema';
import { SettingsSchema, type Settings } from '../db/schema';
import { fnv1a } from '../util/hash';

/**
 * What syncs between a person's browsers through storage.sync: persona
 * definitions and a few settings. Never page content: a persona's learned
 * examples (page text) stay in the browser that learned them, and so do the
 * corpus statistics, the queue and the model.
 */
/** Deletion records a payload carries at most, the newest kept: readers reject more, and about 60 bytes each, 500 take under a third of storage.sync. */
export const MAX_TOMBSTONES = 500;
/** Personas a payload carries at most (storage.sync's 100 KB is reached well before). */
export const MAX_SYNCED_PERSONAS = 500;

/** Ids are random UUIDs (36 characters); anything much longer did not come from this extension. */
const SyncId = z.string().min(1).max(64);
/** Milliseconds since 1970: finite, never negative (a date in the future is refused on reading, see `readPayload`). */
const Timestamp = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);

export const SYNCED_PERSONA = PersonaSchema.omit({ examples: true }).extend({
  id: SyncId,
  /** Written for older readers; a reader recomputes it from the name (mergeRemote). */
  nameKey: z.string().min(1).max(200),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
export type SyncedPersona = z.infer<typeof SYNCED_PERSONA>;

/**
 * Another browser's payload, read as untrusted input: every string and list is bounded, ids are unique.
 * A payload that fails is ignored whole, never applied in part.
 */
export const SyncPayloadSchema = z.object({
  v: z.literal(1),
  /** Which browser wrote it (a random id kept in that browser). */
  device: z.string().min(1).max(64),
  savedAt: Timestamp,
  settings: z.object({ threshold: SettingsSchema.shape.threshold, handoff: SettingsSchema.shape.handoff }),
  personas: z
    .array(SYNCED_PERSONA)
    .max(MAX_SYNCED_PERSONAS)
    // Refused as a whole (the reason is 'invalid'); the message is for logs only.
    .refine((list) => new Set(list.map((p) => p.id)).size === list.length, 'duplicate-persona-id'),
  /** Personas deleted, so a deletion reaches the other browsers (kept 90 days, the newest MAX_TOMBSTONES). */
  deleted: z.array(z.object({ id: SyncId, at: Timestamp })).max(MAX_TOMBSTONES),
});
export type SyncPayload = z.infer<typeof SyncPayloadSchema>;

export type Tombstone = { id: string; at: number };

/** One record per id (its latest deletion), the newest MAX_TOMBSTONES, oldest first: what is stored and written. */
export function pruneTombstones(list: readonly Tombstone[]): Tombstone[] {
  const latest = new Map<string, Tombstone>();
  for (const d of list) if ((latest.get(d.id)?.at ?? -Infinity) <= d.at) latest.set(d.id, d);
  return [...latest.values()].sort((a, b) => a.at - b.at).slice(-MAX_TOMBSTONES);
}

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

/** How a read went: absent or caught half-written (the next write repairs it), or refused as damaged or too large. */
export type ReadResult = { ok: true; payload: SyncPayload; hash: string } | { ok: false; reason: 'absent' | 'partial' } | { ok: false; reason: 'invalid'; hash: string };

/** Clock difference between the person's machines tolerated; a later date is a tampered or broken payload. */
export const MAX_CLOCK_SKEW_MS = 86_400_000;

/**
 * Reads a payload back from storage.sync items, as untrusted input: bounded before it is parsed,
 * validated whole, dates no later than `now` (plus clock skew). `hash` names what was refused, so it is reported once.
 */
export function readPayload(items: Record<string, unknown>, hashOf: (text: string) => string, now = Infinity): ReadResult {
  if (items[META_KEY] === undefined) return { ok: false, reason: 'absent' };
  const meta = SyncMetaSchema.safeParse(items[META_KEY]);
  if (!meta.success) return { ok: false, reason: 'invalid', hash: `meta:${hashOf(JSON.stringify(items[META_KEY]) ?? '')}` };
  let text = '';
  for (let n = 0; n < meta.data.chunks; n++) {
    const chunk = items[`${CHUNK_PREFIX}${n}`];
    if (typeof chunk !== 'string') return { ok: false, reason: 'partial' };
    text += chunk;
    // storage.sync never holds more than this: a reader does not parse what no browser could have written.
    if (text.length > SYNC_LIMITS.total) return { ok: false, reason: 'invalid', hash: meta.data.hash };
  }
  if (hashOf(text) !== meta.data.hash) return { ok: false, reason: 'partial' };
  let parsed: ReturnType<typeof SyncPayloadSchema.safeParse>;
  try {
    parsed = SyncPayloadSchema.safeParse(JSON.parse(text));
  } catch {
    // Not JSON: damaged, which the caller says once, like any invalid payload.
    return { ok: false, reason: 'invalid', hash: meta.data.hash };
  }
  if (!parsed.success) return { ok: false, reason: 'invalid', hash: meta.data.hash };
  const p = parsed.data;
  const latest = Math.max(p.savedAt, ...p.personas.flatMap((x) => [x.createdAt, x.updatedAt]), ...p.deleted.map((d) => d.at));
  // A date ahead of every clock would win every later merge: such a payload is refused.
  if (latest > now + MAX_CLOCK_SKEW_MS) return { ok: false, reason: 'invalid', hash: meta.data.hash };
  return { ok: true, payload: p, hash: meta.data.hash };
}

/** Reads a payload back from storage.sync items; null when absent, half-written, damaged or refused. */
export function fromItems(items: Record<string, unknown>, hashOf: (text: string) => string): SyncPayload | null {
  const read = readPayload(items, hashOf);
  return read.ok ? read.payload : null;
}

/** A short, stable hash (FNV-1a, twice) of the payload's text: equal content, equal hash. */
export function textHash(text: string): string {
  let b = 5381;
  for (let i = 0; i < text.length; i++) b = (Math.imul(b, 33) ^ text.charCodeAt(i)) >>> 0;
  return `${fnv1a(text).toString(36)}${b.toString(36)}:${text.length}`;
}

/** What this browser writes. Deletion records: 90 days, the newest MAX_TOMBSTONES (what readers accept), none for a persona alive here. */
export function buildPayload(device: string, now: number, settings: Settings, personas: readonly Persona[], deleted: readonly Tombstone[]): SyncPayload {
  const cutoff = now - TOMBSTONE_DAYS * 86_400_000;
  // A persona alive here is newer than any deletion record of it (a merge keeps it only then): the record says nothing.
  const alive = new Set(personas.map((p) => p.id));
  return {
    v: 1,
    device,
    savedAt: now,
    settings: { threshold: settings.threshold, handoff: settings.handoff },
    personas: personas.map(({ examples: _examples, ...p }) => p).sort((x, y) => x.id.localeCompare(y.id)),
    deleted: pruneTombstones(deleted.filter((d) => d.at >= cutoff && !alive.has(d.id))),
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
