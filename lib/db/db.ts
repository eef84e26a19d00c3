import Dexie, { type EntityTable } from 'dexie';
import type { Persona } from '../personas/schema';
import type { QueueItem, ScoreCacheEntry } from './schema';

/** Generic key/value rows: settings, corpus statistics, install flags. */
export interface KvRow {
  key: string;
  value: unknown;
}

/** Keys of the kv table, each with why it exists. */
export const KV = {
  /** Settings the person controls (SettingsSchema). */
  settings: 'settings',
  /** Document frequencies of pages seen, for IDF (lib/score/stats). */
  stats: 'corpusStats',
  /** Set once sample personas were installed, so deleting them all does not bring them back. */
  samplesInstalled: 'samplesInstalled',
} as const;

export type CuratorDb = Dexie & {
  personas: EntityTable<Persona, 'id'>;
  queue: EntityTable<QueueItem, 'id'>;
  scoreCache: EntityTable<ScoreCacheEntry, 'key'>;
  kv: EntityTable<KvRow, 'key'>;
};

export const DB_NAME = 'persona-curator';

/**
 * Opens the one database. Schema versions are listed in order; a new version
 * adds a line here with its upgrade, and a test that upgrades a full old database.
 */
export function openDb(name = DB_NAME): CuratorDb {
  const db = new Dexie(name) as CuratorDb;
  db.version(1).stores({
    personas: 'id, &nameKey, updatedAt',
    queue: 'id, &dedupeKey, createdAt, personaId, status',
    scoreCache: 'key, createdAt',
    kv: 'key',
  });
  return db;
}

let shared: CuratorDb | null = null;

/** The extension's database, opened once per context. Views only read it. */
export function db(): CuratorDb {
  shared ??= openDb();
  return shared;
}
