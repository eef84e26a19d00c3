import { z } from '../util/zod';
import { t } from '../i18n/i18n';
import { PersonaInputSchema, type Persona } from '../core/personas/schema';
import { QueueStatusSchema, type QueueItem } from '../store/schema';
import type { PageSnapshot } from '../core/extract/snapshot';
import type { PageFacts } from '../core/draft/facts';
import type { Style } from '../core/draft/styles';
import type { PersonaScore, ScoreMode } from '../core/score';
import type { LinkPick } from '../core/score/picks';
import type { ModelInfo } from '../model/catalog';
import { TARGET_IDS, type TargetId } from '../core/handoff/targets';
import { FeedRequests, type FeedResponses } from './feed-requests';
import { ShareNetworkSchema } from '../store/shares';
import { ColumnMappingSchema, type AnalyticsFormat } from '../core/impact/parse';

const tabId = z.number().int().nonnegative();
const id = z.string().min(1).max(100);

const link = z.string().max(8_000);
/** One handoff as a view saw it (lib/store/shares): the background adds the time and the queue item. */
const ShareInputSchema = z.object({
  personaId: id.nullable(),
  personaName: z.string().max(500),
  campaign: z.string().max(500),
  network: ShareNetworkSchema,
  url: link,
  articleUrl: link,
  title: z.string().max(2_000),
  queueId: id.nullable().optional(),
  exported: z.boolean(),
});

/**
 * Every message between contexts, with its payload schema. Views send these to
 * the background in the one envelope (./envelope); the background validates each on arrival (./router).
 */
export const Requests = {
  /**
   * Read a tab and score it against the enabled personas. `following`: the view reads the tab because it follows
   * the active tab (the side panel), not because the person asked for this one: private windows' tabs are refused
   * unless the person allowed them. `progressive`: answer as soon as word matching has scored the page, and send
   * the model's answer later as a `suggest.upgraded` push (views ask this way; without it the answer waits for the
   * model, as the notification, shortcut and curate paths want).
   */
  suggest: z.object({ tabId, refresh: z.boolean().optional(), following: z.boolean().optional(), progressive: z.boolean().optional() }),
  /**
   * "Picks on this page": the article links the tab's page lists, scored against the enabled personas. `url`: the
   * page the view shows (its links are remembered from that read). `refine`: with the on-device model too.
   * `following`: as for `suggest` (a private window's tab is read again only if the person allowed it).
   */
  picks: z.object({ tabId, url: z.string().max(2_048), refine: z.boolean().optional(), following: z.boolean().optional() }),
  /** Queue one of a tab's picks, unread, titled by its headline (as a link curated from the context menu). */
  'picks.curate': z.object({ tabId, url: z.string().max(2_048), personaId: id.optional() }),
  /** Save a tab's page to the curated queue (from the popup or side panel). */
  curate: z.object({ tabId, personaId: id.optional(), source: z.enum(['popup', 'sidepanel']) }),
  /** Thumbs up or down on a suggestion: the page becomes an example for that persona. */
  feedback: z.object({ tabId, personaId: id, positive: z.boolean() }),
  /** Forget what a persona learned from examples. */
  'personas.resetExamples': z.object({ id }),
  /** Remove an item from the queue. */
  'queue.remove': z.object({ id }),
  /** Mark an item shared or queued. */
  'queue.setStatus': z.object({ id, status: QueueStatusSchema }),
  /** Create a persona (no id) or update one (id). */
  /** Examples are not edited through the form: they come from curate and thumbs, and leave by reset. */
  'personas.save': z.object({ id: id.optional(), persona: PersonaInputSchema.omit({ examples: true }) }),
  'personas.delete': z.object({ id }),
  'personas.setEnabled': z.object({ id, enabled: z.boolean() }),
  /** Import a persona file's text: validated whole, applied whole or not at all. */
  'personas.import': z.object({ text: z.string().max(2_000_000) }),
  /** Record the "follow my browsing" choice after the view asked for the permission. */
  'settings.setFollow': z.object({ enabled: z.boolean() }),
  /** Following may also read tabs of private (incognito) windows. */
  'settings.setFollowPrivate': z.object({ enabled: z.boolean() }),
  'settings.setNotify': z.object({
    enabled: z.boolean(),
    quietFrom: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/),
    quietTo: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/),
  }),
  /** UTM tagging and the Mastodon instance for handoff links. */
  'settings.setHandoff': z.object({
    tag: z.boolean(),
    mastodonInstance: z
      .string()
      .trim()
      .toLowerCase()
      .regex(/^(?=.{3,253}$)[a-z0-9-]+(\.[a-z0-9-]+)+$/, { error: () => t('v_mastodon_host') }),
    mastodonLimit: z
      .number()
      .int()
      .min(100, { error: () => t('v_mastodon_limit', 100) })
      .max(100_000),
    shown: z.array(z.enum(TARGET_IDS)).min(1, { error: () => t('v_pick_a_target') }),
  }),
  /** A handoff link was used: it is shown first next time. */
  'handoff.used': z.object({ target: z.enum(TARGET_IDS) }),
  /** Handoffs the person just used (a link, Copy, the quote card, or a bulk export's rows): logged with their items marked shared. */
  'shares.record': z.object({ shares: z.array(ShareInputSchema).min(1).max(100_000) }),
  /** An analytics export's text, imported whole or not at all; `mapping` for a CSV of another tool (remembered per header). */
  'impact.import': z.object({ text: z.string().max(200_000_000), fileName: z.string().max(500), mapping: ColumnMappingSchema.optional() }),
  /** Forget every imported export (the share log stays). */
  'impact.clear': z.object({}),
  /** Pick the on-device model ("off" or a catalogue id) and record the person's consent to download it. */
  'settings.setModel': z.object({ id: z.string().min(1).max(200), consent: z.boolean() }),
  /** What the model choice looks like: catalogue, bundled models, whether a download needs the hub's permission. */
  'model.describe': z.object({}),
  /** Try loading the model again after a failure. */
  'model.retry': z.object({}),
  /** From the model host: it has been idle; close it to give its memory back. */
  'model.idle': z.object({}),
  /** The person read the note about what sync changed. */
  'sync.dismissNote': z.object({}),
  ...FeedRequests,
} as const;

export type RequestType = keyof typeof Requests;
export type RequestPayload<T extends RequestType> = z.input<(typeof Requests)[T]>;

/** What the page looks like to views: the snapshot without its full text, plus facts drafts use. */
export type PageView = Omit<PageSnapshot, 'text' | 'links'> & { shareUrl: string | null; facts: PageFacts };

export interface HandoffSettings {
  tag: boolean;
  mastodonInstance: string;
  mastodonLimit: number;
  shown: TargetId[];
  lastUsed: TargetId | null;
}

/** How a persona's drafts are written. */
export interface VoiceSettings {
  hashtags: string[];
  style: Style;
  emoji: boolean;
  cta: string;
  voice: string;
  topic: string | null;
  /** Quote-card colour, "#rrggbb". */
  color: string;
}

export interface SuggestResult {
  tabId: number;
  page: PageView;
  mode: ScoreMode;
  language: string;
  /** Ranked best first; empty when the page is not an article or there are no enabled personas. */
  suggestions: PersonaScore[];
  threshold: number;
  /** Served from the content-hash cache (no scoring ran). */
  cached: boolean;
  /** Draft settings per persona id. */
  voices: Record<string, VoiceSettings>;
  handoff: HandoffSettings;
  enabledPersonas: number;
  /** Whether this answer could be saved: "full" (quota) and "unavailable" (storage won't open) are shown. */
  storage: 'ok' | 'full' | 'unavailable';
  /** This article is already in the queue (same address once normalised): its status, persona and when. */
  seen: SeenStatus | null;
  /** The chosen model does not read this page's language, so word matching alone scored it. */
  modelSkipped?: { modelId: string; reason: 'language' };
  /**
   * A progressive answer scored by word matching while the model still works: a `suggest.upgraded` push with
   * this key replaces the suggestions (the same key for every request about the same page, personas and model).
   */
  upgrading?: { key: string };
}

/** A page's picks: the best links for each persona, best first (lib/core/score/picks). */
export interface PicksResult {
  tabId: number;
  /** The page the links were read from. */
  url: string;
  /** The page lists articles (a front page) rather than being one. */
  listing: boolean;
  /** Article links found on the page. */
  links: number;
  mode: ScoreMode;
  picks: LinkPick[];
  threshold: number;
  enabledPersonas: number;
  /** Word matching answered; asking with `refine` would add the model's view. */
  refinable: boolean;
}

export interface SeenStatus {
  status: 'queued' | 'shared';
  personaName: string | null;
  at: number;
}

export interface Responses extends FeedResponses {
  suggest: SuggestResult;
  curate: QueueItem;
  picks: PicksResult;
  'picks.curate': QueueItem;
  feedback: { examples: number };
  'personas.resetExamples': { updated: boolean };
  'queue.remove': { removed: boolean };
  'queue.setStatus': { updated: boolean };
  'personas.save': Persona;
  'personas.delete': { deleted: boolean };
  'personas.setEnabled': { updated: boolean };
  /** `feeds`: feeds of the pack followed anew. */
  'personas.import': { added: number; updated: number; feeds?: number };
  'settings.setFollow': { enabled: boolean };
  'settings.setFollowPrivate': { enabled: boolean };
  'settings.setNotify': { enabled: boolean; quietFrom: string; quietTo: string };
  'settings.setModel': { id: string; consent: boolean };
  'settings.setHandoff': HandoffSettings;
  'handoff.used': { target: TargetId };
  'shares.record': { recorded: number };
  'impact.import': ImportOutcome;
  'impact.clear': { removed: number };
  'model.describe': ModelDescription;
  'model.retry': { started: boolean };
  'model.idle': { closed: boolean };
  'sync.dismissNote': { dismissed: boolean };
}

/** What became of an imported export: stored, already there (the same file), or waiting for the person's column mapping. */
export type ImportOutcome = { status: 'imported'; format: AnalyticsFormat; rows: number } | { status: 'duplicate' } | { status: 'needs-mapping'; columns: string[]; signature: string };

export interface ModelDescription {
  selected: string;
  consent: boolean;
  models: (ModelInfo & { bundled: boolean })[];
  /** Downloads come from the Hugging Face hub (not a test stand-in), so its hosts must be permitted first. */
  downloadsFromHub: boolean;
}

/** The parts of a suggestion a push carries; checked on arrival like every message (the views trust no shape). */
const PersonaScoreSchema = z.looseObject({
  personaId: z.string(),
  name: z.string(),
  score: z.number(),
  suggested: z.boolean(),
  reason: z.looseObject({ matchedTerms: z.array(z.string()), avoidedTerms: z.array(z.string()), passage: z.string(), language: z.string() }),
});

/**
 * Messages the background sends to views unasked (runtime.sendMessage, in the one envelope): each has its schema,
 * and views accept them only from the background (./client.ts `onPush`).
 */
export const Pushes = {
  /**
   * The model's answer to a progressive `suggest`: replaces the suggestions of the answer whose `upgrading.key`
   * matches. `suggestions: null`: the model failed or timed out, so the word-matching answer stands.
   */
  'suggest.upgraded': z.object({
    key: z.string().min(1).max(300),
    mode: z.enum(['lexical', 'semantic', 'hybrid']),
    suggestions: z.array(PersonaScoreSchema).nullable(),
  }),
} as const;

export type PushType = keyof typeof Pushes;
/** What a push carries; its suggestions are typed as the background built them (the schema checks their shape). */
export type PushPayload<T extends PushType> = T extends 'suggest.upgraded' ? { key: string; mode: ScoreMode; suggestions: PersonaScore[] | null } : never;
