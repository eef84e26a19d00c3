import { z } from '../util/zod';
import { t } from '../i18n/i18n';
import { PersonaSchema, type Persona } from '../core/personas/schema';
import { SettingsSchema, type Settings } from '../store/schema';
import { fnv1a } from '../util/hash';
import { MAX_TOMBSTONES, pruneTombstones, type Tombstone } from '../store/tombstones';

/**
 * What syncs between a person's browsers through storage.sync: persona
 * definitions and a few settings. Never page content: a persona's learned
 * examples (page text) stay in the browser that learned them, and so do the
 * corpus statistics, the queue and the model.
 */
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

/** Feeds a payload carries at most. */
export const MAX_SYNCED_FEEDS = 200;

/** The list of feeds followed (never their items), and when it last changed: the newest list wins. */
export const SyncedFeedsSchema = z.object({
  changedAt: Timestamp,
  list: z
    .array(
      z.object({
        url: z
          .string()
          .max(2_000)
          .refine((u) => /^https?:\/\//i.test(u)),
        title: z.string().max(300),
      }),
    )
    .max(MAX_SYNCED_FEEDS),
});
export type SyncedFeeds = z.infer<typeof SyncedFeedsSchema>;

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
  /** The feeds followed (issue 14); absent from browsers that never changed their list, and from older versions. */
  feeds: SyncedFeedsSchema.optional(),
});
export type SyncPayload = z.infer<typeof SyncPayloadSchema>;

// Deletion markers are stored and pruned in one place (lib/store/tombstones); a payload carries them as stored.
export { MAX_TOMBSTONES, pruneTombstones, type Tombstone } from '../store/tombstones';

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
  const latest = Math.max(p.savedAt, p.feeds?.changedAt ?? 0, ...p.personas.flatMap((x) => [x.createdAt, x.updatedAt]), ...p.deleted.map((d) => d.at));
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

/**
 * What this browser writes. Deletion records: 90 days, the newest MAX_TOMBSTONES (what readers accept), none for a persona alive here.
 * `feeds`: the list followed here, carried once it has changed here or come from another browser (changedAt > 0).
 */
export function buildPayload(device: string, now: number, settings: Settings, personas: readonly Persona[], deleted: readonly Tombstone[], feeds?: SyncedFeeds): SyncPayload {
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
    ...(feeds && feeds.changedAt > 0 ? { feeds: { changedAt: feeds.changedAt, list: [...feeds.list].sort((a, b) => a.url.localeCompare(b.url)).slice(0, MAX_SYNCED_FEEDS) } } : {}),
  };
}

/** The part of a payload that is content (not who wrote it or when): unchanged content is not written again. */
export function contentOf(p: SyncPayload): string {
  return JSON.stringify({ settings: p.settings, personas: p.personas, deleted: p.deleted, ...(p.feeds ? { feeds: p.feeds } : {}) });
}
