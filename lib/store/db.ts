import Dexie, { type EntityTable } from 'dexie';
import type { Persona } from '../core/personas/schema';
import { type QueueItem, type ScoreCacheEntry, type Settings } from './schema';
import { migrateCorpusRow, type CorpusLogRow } from './corpus';
import { getKv, KEYS, KV, putKv, type KvRow } from './kv';
import type { FeedItem, FeedRow } from './feeds';
import type { ShareRecord, ShareTallyRow } from './shares';
import type { AnalyticsImport, AnalyticsRowsRow, MappingRow, RollupRow } from './analytics';

/** Embedding vectors cached by model id and content hash (or persona revision). */
export interface VectorRow {
  key: string;
  createdAt: number;
  vectors: Float32Array[];
}

export type CuratorDb = Dexie & {
  personas: EntityTable<Persona, 'id'>;
  queue: EntityTable<QueueItem, 'id'>;
  scoreCache: EntityTable<ScoreCacheEntry, 'key'>;
  kv: EntityTable<KvRow, 'key'>;
  vectors: EntityTable<VectorRow, 'key'>;
  corpusLog: EntityTable<CorpusLogRow, 'seq'>;
  feeds: EntityTable<FeedRow, 'id'>;
  feedItems: EntityTable<FeedItem, 'key'>;
  shares: EntityTable<ShareRecord, 'id'>;
  shareTally: EntityTable<ShareTallyRow, 'key'>;
  analyticsImports: EntityTable<AnalyticsImport, 'id'>;
  analyticsRows: EntityTable<AnalyticsRowsRow, 'id'>;
  analyticsRollup: EntityTable<RollupRow, 'id'>;
  analyticsMappings: EntityTable<MappingRow, 'signature'>;
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
  // v2: embedding vectors for the on-device model. A new table: existing rows are untouched.
  // Cached scores gain a `mode`; a cache is cheaper to drop than to guess.
  db.version(2)
    .stores({ vectors: 'key, createdAt' })
    .upgrade((tx) => tx.table('scoreCache').clear());
  // v3: personas keep the examples they learn from.
  db.version(3)
    .stores({})
    .upgrade((tx) =>
      tx
        .table('personas')
        .toCollection()
        .modify((p: { examples?: unknown }) => {
          if (!Array.isArray(p.examples)) p.examples = [];
        }),
    );
  // v4: each page's learning is a row of its own (lib/store/corpus), so storing a page no longer rewrites
  // all the statistics. The statistics stored whole become the snapshot the rows add to.
  db.version(4)
    .stores({ corpusLog: '++seq' })
    .upgrade((tx) => migrateCorpusRow(tx.table('kv'), KV.corpusSnapshot, KV.stats));
  // v5: feeds the person follows and the items they brought (lib/store/feeds). New tables: existing rows are untouched.
  db.version(5).stores({ feeds: 'id, &key', feedItems: 'key, feedId, dedupeKey, at, status' });
  // v6 (v5 is the feeds' tables): the share log and its weekly tally, and the analytics exports imported to measure
  // it, their rows and their rollup (lib/store/shares, lib/store/analytics). New tables: existing rows are untouched.
  db.version(6).stores({
    shares: 'id, at, queueId, personaId',
    shareTally: 'key',
    analyticsImports: 'id, &hash, at',
    analyticsRows: 'id',
    analyticsRollup: 'id',
    analyticsMappings: 'signature',
  });
  return db;
}

let shared: CuratorDb | null = null;

/** The extension's database, opened once per context. Views only read it. */
export function db(): CuratorDb {
  shared ??= openDb();
  return shared;
}

/** The person's settings, with defaults for anything missing or damaged. */
export async function readSettings(database: CuratorDb): Promise<Settings> {
  return getKv(database, KEYS.settings);
}

/** Changes the settings in one transaction (read, change, write), so two changes never undo each other. */
export async function updateSettings(database: CuratorDb, change: (current: Settings) => Settings): Promise<Settings> {
  return database.transaction('rw', database.kv, async () => {
    const next = change(await readSettings(database));
    await putKv(database, KEYS.settings, next);
    return next;
  });
}

/**
 * After a storage failure, lets the next request open the database again: Chrome closes the connection
 * when the disk fills, and Dexie keeps a failed reopen's error until told otherwise.
 */
export function reopenIfClosed(database: CuratorDb): void {
  if (!database.isOpen()) database.close({ disableAutoOpen: false });
}
