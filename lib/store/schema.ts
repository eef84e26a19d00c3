import { z } from '../util/zod';
import { PageSnapshotSchema } from '../core/extract/snapshot';
import { DEFAULT_THRESHOLD } from '../core/score/defaults';
import { DEFAULT_MODEL_ID } from '../model/catalog';
import { PRIMARY_TARGETS, TARGET_IDS } from '../core/handoff/targets';
// Types only: the store never loads the scorer.
import type { PersonaScore } from '../core/score/lexical';

export { PersonaSchema, type Persona } from '../core/personas/schema';

export const QueueStatusSchema = z.enum(['queued', 'shared']);
export type QueueStatus = z.infer<typeof QueueStatusSchema>;

export const CurateSourceSchema = z.enum(['popup', 'sidepanel', 'context-page', 'context-selection', 'context-link', 'pick', 'feed']);
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

/**
 * One persona's cached score with its explanation (lib/core/score/lexical `PersonaScore`). Loose objects: a field the
 * scorer adds later is kept as it is, and the type check below fails if a required one goes missing here.
 */
export const PersonaScoreSchema = z.looseObject({
  personaId: z.string(),
  name: z.string(),
  score: z.number(),
  suggested: z.boolean(),
  reason: z.looseObject({
    matchedTerms: z.array(z.string()),
    contributions: z.array(z.object({ term: z.string(), value: z.number() })),
    raw: z.number(),
    avoidedTerms: z.array(z.string()),
    passage: z.string(),
    language: z.string(),
    unstemmed: z.literal(true).optional(),
    blend: z.object({ mode: z.enum(['hybrid', 'semantic']), words: z.number(), meaning: z.number() }).optional(),
  }),
}) satisfies z.ZodType<PersonaScore>;

/** Scores cached by content hash and personas revision (Dexie table "scoreCache"). */
export const ScoreCacheSchema = z.object({
  key: z.string(),
  createdAt: z.number(),
  scores: z.array(PersonaScoreSchema),
  language: z.string(),
  /** Which scorer produced them: lexical, semantic or hybrid. */
  mode: z.enum(['lexical', 'semantic', 'hybrid']),
});
/** As stored: the scorer's own type for the scores (the schema checks a row read back). */
export type ScoreCacheEntry = Omit<z.infer<typeof ScoreCacheSchema>, 'scores'> & { scores: PersonaScore[] };

const HHMM = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/);
/** How often feeds are fetched, in minutes: every 30 by default, from every 5 to once a day. */
export const FEED_INTERVAL = { default: 30, min: 5, max: 1_440 } as const;
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
  /** Feeds (lib/store/feeds): how often they are fetched, in minutes. */
  feeds: z
    .object({ intervalMinutes: z.number().int().min(FEED_INTERVAL.min).max(FEED_INTERVAL.max) })
    .catch({ intervalMinutes: FEED_INTERVAL.default })
    .default({ intervalMinutes: FEED_INTERVAL.default }),
});
export type Settings = z.infer<typeof SettingsSchema>;

export { PageSnapshotSchema };

/** A persona deleted here, remembered so the deletion syncs (kv "syncDeleted", lib/store/tombstones). */
export const TombstoneSchema = z.object({ id: z.string(), at: z.number() });
export type Tombstone = z.infer<typeof TombstoneSchema>;
