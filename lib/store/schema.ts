import { z } from '../util/zod';
import { PageSnapshotSchema } from '../extract/snapshot';
import { DEFAULT_THRESHOLD } from '../score/defaults';
import { DEFAULT_MODEL_ID } from '../model/catalog';
import { PRIMARY_TARGETS, TARGET_IDS } from '../handoff/targets';

export { PersonaSchema, type Persona } from '../personas/schema';

export const QueueStatusSchema = z.enum(['queued', 'shared']);
export type QueueStatus = z.infer<typeof QueueStatusSchema>;

export const CurateSourceSchema = z.enum(['popup', 'sidepanel', 'context-page', 'context-selection', 'context-link']);
export type CurateSource = z.infer<typeof CurateSourceSchema>;

/** A curated page (Dexie table "queue"). One item per article: dedupeKey is unique. */
export const QueueItemSchema = z.object({
  id: z.string(),
  /** The normalised URL (no fragment, no tracking parameters): the same article is one item. */
  dedupeKey: z.string(),
  url: z.string(),
  title: z.string(),
  siteName: z.string().nullable(),
  personaId: z.string().nullable(),
  personaName: z.string().nullable(),
  score: z.number().min(0).max(1).nullable(),
  /** The selection, or the best passage for the persona. */
  quote: z.string(),
  /** SimHash of the article's text: near-identical text at another URL is the same item. Null for links queued unread. */
  simhash: z.string().nullable().optional(),
  status: QueueStatusSchema,
  source: CurateSourceSchema,
  createdAt: z.number(),
  updatedAt: z.number(),
});
export type QueueItem = z.infer<typeof QueueItemSchema>;

/** Scores cached by content hash and personas revision (Dexie table "scoreCache"). */
export const ScoreCacheSchema = z.object({
  key: z.string(),
  createdAt: z.number(),
  scores: z.array(z.unknown()),
  language: z.string(),
  /** Which scorer produced them: lexical, semantic or hybrid. */
  mode: z.enum(['lexical', 'semantic', 'hybrid']),
});
export type ScoreCacheEntry = z.infer<typeof ScoreCacheSchema>;

const HHMM = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/);
export const NOTIFY_DEFAULTS = { enabled: false, quietFrom: '22:00', quietTo: '08:00', minScore: 0.6 } as const;

/** Settings the person controls. Parsed with defaults, so a missing or damaged record never breaks a view. */
export const SettingsSchema = z.object({
  /** The "suggest" threshold, 0–1. */
  threshold: z.number().min(0).max(1).catch(DEFAULT_THRESHOLD).default(DEFAULT_THRESHOLD),
  /** The person turned on "follow my browsing" (the host permission is the source of truth). */
  followBrowsing: z.boolean().catch(false).default(false),
  /** Following may also read tabs of private (incognito) windows: off by default. */
  followPrivate: z.boolean().catch(false).default(false),
  /** How drafts are handed off: UTM tags on shared links, and the person's Mastodon instance. */
  handoff: z
    .object({
      tag: z.boolean(),
      mastodonInstance: z.string().max(253),
      mastodonLimit: z.number().int().min(100).max(100_000),
      /** Targets shown on every suggestion; the rest sit under "More places". */
      shown: z
        .array(z.enum(TARGET_IDS))
        .catch([...PRIMARY_TARGETS])
        .default([...PRIMARY_TARGETS]),
      /** The last target used, shown first. */
      lastUsed: z.enum(TARGET_IDS).nullable().catch(null).default(null),
    })
    .catch({ tag: true, mastodonInstance: 'mastodon.social', mastodonLimit: 500, shown: [...PRIMARY_TARGETS], lastUsed: null })
    .default({ tag: true, mastodonInstance: 'mastodon.social', mastodonLimit: 500, shown: [...PRIMARY_TARGETS], lastUsed: null }),
  /** The on-device model: a catalogue id or "off", and whether the person agreed to download it. */
  model: z
    .object({ id: z.string().min(1), consent: z.boolean() })
    .catch({ id: DEFAULT_MODEL_ID, consent: false })
    .default({ id: DEFAULT_MODEL_ID, consent: false }),
  /** Notify of a strong match while following the person's browsing: off by default, quiet hours respected. */
  notify: z
    .object({ enabled: z.boolean(), quietFrom: HHMM, quietTo: HHMM, minScore: z.number().min(0).max(1) })
    .catch({ ...NOTIFY_DEFAULTS })
    .default({ ...NOTIFY_DEFAULTS }),
});
export type Settings = z.infer<typeof SettingsSchema>;

export { PageSnapshotSchema };
