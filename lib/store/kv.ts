import { z } from '../util/zod';
import { TestDownloadSchema } from '../protocol/model-host';
import { ModelStatusSchema } from '../model/status';
// Types only: the store never loads the scorer (its stemmers and stop-word lists).
import type { SemanticMemory } from '../core/score/fusion';
import { SettingsSchema, TombstoneSchema } from './schema';
import type { CuratorDb } from './db';

/** Generic key/value rows: settings, corpus statistics, install flags. */
export interface KvRow {
  key: string;
  value: unknown;
}

/** Names of the kv table's rows, each with why it exists. `KEYS` gives each its schema and default. */
export const KV = {
  /** Settings the person controls (SettingsSchema). */
  settings: 'settings',
  /**
   * Corpus statistics (document frequencies, reading profiles: lib/core/score/stats), stored by lib/background/services/corpus-store:
   * the head (which snapshot, pages logged since, page count) and the snapshot.
   */
  stats: 'corpusStats',
  corpusSnapshot: 'corpusSnapshot',
  /** Set once sample personas were installed, so deleting them all does not bring them back. */
  samplesInstalled: 'samplesInstalled',
  /** The model host's state (lib/model/status): progress, errors, inference count. Written by the model host. */
  modelStatus: 'modelStatus',
  /** How long the model host may sit idle before it is closed (ms); default 3 minutes. */
  modelIdleMs: 'modelIdleMs',
  /** How long a model load or request may show no sign of life before it fails (ms); default 60 s. */
  modelStallMs: 'modelStallMs',
  /** Test builds only: where model downloads come from instead of the hub. */
  testModelHost: 'testModelHost',
  /** Test builds only: the revision and file checks of the stand-in hub's model (lib/model/verify), instead of the catalogue's. */
  testModelFiles: 'testModelFiles',
  /** Sync (lib/sync): this browser's random id, personas deleted here (so the deletion syncs), and the state the options page shows. */
  syncDevice: 'syncDevice',
  syncDeleted: 'syncDeleted',
  syncState: 'syncState',
  /** The on-device model's calibration per model and persona, and what it read (lib/core/score/fusion). */
  semantic: 'semanticMemory',
  /** When the list of feeds last changed here (a feed added or removed), or came from another browser: sync's newest list wins. */
  feedsChanged: 'feedsChangedAt',
} as const;

/** A typed kv row: its name, what a stored value must be, and what a missing or damaged one reads as. */
export interface KvKey<T> {
  readonly name: (typeof KV)[keyof typeof KV];
  readonly schema: z.ZodType<T>;
  readonly fallback: () => T;
}

const key = <T>(name: KvKey<T>['name'], schema: z.ZodType<T>, fallback: () => T): KvKey<T> => ({ name, schema, fallback });

/** What the options page shows of sync (kv "syncState"). */
export const SyncStateSchema = z.object({
  status: z.enum(['ok', 'too-large', 'error']),
  message: z.string(),
  lastSyncedAt: z.number(),
  /** The content last written or read, so the same content is not written twice (storage.sync limits writes). */
  contentHash: z.string(),
  /** A merge that changed something here, until the person dismisses it. */
  note: z.object({ at: z.number(), text: z.string() }).nullable(),
  /** The hash of the last payload refused as damaged or too large, so it is noted once. */
  ignored: z.string().optional(),
});
export type SyncState = z.infer<typeof SyncStateSchema>;

const positiveMs = z.number().positive().finite().optional();

/**
 * The kv rows with their schemas and defaults. The corpus rows are decoded by the scorer (lib/core/score/stats
 * `fromStored`, which reads every older form) through lib/background/services/corpus-store: the store keeps them as they are.
 */
export const KEYS = {
  settings: key(KV.settings, SettingsSchema, () => SettingsSchema.parse({})),
  corpusHead: key<unknown>(KV.stats, z.unknown(), () => undefined),
  corpusSnapshot: key<unknown>(KV.corpusSnapshot, z.unknown(), () => undefined),
  samplesInstalled: key(KV.samplesInstalled, z.boolean(), () => false),
  modelStatus: key(KV.modelStatus, ModelStatusSchema.nullable(), () => null),
  /** Unset: the model host's own default (lib/model/runners). */
  modelIdleMs: key(KV.modelIdleMs, positiveMs, () => undefined),
  modelStallMs: key(KV.modelStallMs, positiveMs, () => undefined),
  testModelHost: key(KV.testModelHost, z.string().optional(), () => undefined),
  testModelFiles: key(KV.testModelFiles, TestDownloadSchema.optional(), () => undefined),
  syncDevice: key(KV.syncDevice, z.string(), () => ''),
  syncDeleted: key(KV.syncDeleted, z.array(TombstoneSchema), () => []),
  /** Absent until sync first writes it; a damaged field reads as absent, and sync starts from its empty state. */
  syncState: key(KV.syncState, SyncStateSchema.partial().optional(), () => undefined),
  /** 0: the list never changed here, so this browser has no list to offer sync. */
  feedsChanged: key(KV.feedsChanged, z.number().min(0), () => 0),
  semantic: key(
    KV.semantic,
    z.custom<SemanticMemory>((v) => typeof v === 'object' && v !== null && typeof (v as { models?: unknown }).models === 'object' && (v as { models?: unknown }).models !== null),
    () => ({ models: {} }),
  ),
} as const;

/** Reads a kv row through its schema: missing or damaged, it reads as the key's default. Inside or outside a transaction. */
export async function getKv<T>(db: CuratorDb, k: KvKey<T>): Promise<T> {
  const row = await db.kv.get(k.name);
  if (row === undefined) return k.fallback();
  const parsed = k.schema.safeParse(row.value);
  return parsed.success ? parsed.data : k.fallback();
}

/** Whether the row is stored at all (whatever it holds). */
export async function hasKv(db: CuratorDb, k: KvKey<unknown>): Promise<boolean> {
  return (await db.kv.get(k.name)) !== undefined;
}

/** Writes a kv row; the value's type is the key's. */
export async function putKv<T>(db: CuratorDb, k: KvKey<T>, value: NoInfer<T>): Promise<void> {
  await db.kv.put({ key: k.name, value });
}
