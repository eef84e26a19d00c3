import type { AnalyticsFormat, ColumnMapping } from '../core/impact/parse';
import type { RowColumns } from '../core/impact/columns';
import { rollUp, type Rollup } from '../core/impact/join';
import { newId } from '../util/hash';
import type { CuratorDb } from './db';

/**
 * One analytics export, imported whole (Dexie table "analyticsImports"): what the page lists. Its hash keeps the same
 * file from counting twice. Its rows are in "analyticsRows" under the same id, and summed with every other
 * import's in the one "analyticsRollup" row, which is what the Impact page reads.
 */
export interface AnalyticsImport {
  id: string;
  /** SHA-256 of the file's text. */
  hash: string;
  at: number;
  fileName: string;
  format: AnalyticsFormat;
  range: { start: string; end: string } | null;
  rowCount: number;
}

/** An import's rows, as columns (lib/core/impact/columns): cheap to store and to read back. */
export interface AnalyticsRowsRow {
  id: string;
  columns: RowColumns;
}

/** Every import's rows merged and summed per campaign, source and week (lib/core/impact/join `rollUp`). */
export interface RollupRow {
  id: typeof ROLLUP_ID;
  /** The imports it was built from, oldest first. */
  imports: string[];
  rollup: Rollup;
}
export const ROLLUP_ID = 'all';

/** The rollup of what is stored now: built again from every import's rows, in the transaction that changed them. */
async function rebuildRollup(db: CuratorDb): Promise<void> {
  const imports = await importRows(db);
  if (imports.length === 0) {
    await db.analyticsRollup.clear();
    return;
  }
  const facts = imports.map(({ meta, columns }) => ({ at: meta.at, range: meta.range, columns }));
  await db.analyticsRollup.put({ id: ROLLUP_ID, imports: imports.map(({ meta }) => meta.id), rollup: rollUp(facts) });
}

/** A column mapping the person chose for a CSV layout, by header signature (Dexie table "analyticsMappings"). */
export interface MappingRow {
  signature: string;
  mapping: ColumnMapping;
  at: number;
}

/** Stores an import unless the same file is already there: it, its rows and the new rollup in one write, or nothing. */
export async function storeImport(db: CuratorDb, input: Omit<AnalyticsImport, 'id' | 'at'> & { columns: RowColumns }, at: number): Promise<{ stored: boolean; id: string }> {
  return db.transaction('rw', db.analyticsImports, db.analyticsRows, db.analyticsRollup, async () => {
    const same = await db.analyticsImports.where('hash').equals(input.hash).first();
    if (same) return { stored: false, id: same.id };
    const id = newId();
    const { columns, ...meta } = input;
    await db.analyticsImports.add({ ...meta, id, at });
    await db.analyticsRows.add({ id, columns });
    await rebuildRollup(db);
    return { stored: true, id };
  });
}

/** Forgets every import, their rows and the rollup, together. */
export async function clearImports(db: CuratorDb): Promise<number> {
  return db.transaction('rw', db.analyticsImports, db.analyticsRows, db.analyticsRollup, async () => {
    const removed = await db.analyticsImports.count();
    await Promise.all([db.analyticsImports.clear(), db.analyticsRows.clear(), db.analyticsRollup.clear()]);
    return removed;
  });
}

/** An import's rows, oldest import first (what the rollup is built from). */
export async function importRows(db: CuratorDb): Promise<{ meta: AnalyticsImport; columns: RowColumns }[]> {
  const metas = await db.analyticsImports.orderBy('at').toArray();
  const rows = await db.analyticsRows.bulkGet(metas.map((m) => m.id));
  return metas.flatMap((meta, i) => (rows[i] ? [{ meta, columns: rows[i]!.columns }] : []));
}

export async function rememberMapping(db: CuratorDb, signature: string, mapping: ColumnMapping, at: number): Promise<void> {
  await db.analyticsMappings.put({ signature, mapping, at });
}

export async function mappingFor(db: CuratorDb, signature: string): Promise<ColumnMapping | null> {
  return (await db.analyticsMappings.get(signature))?.mapping ?? null;
}

/** What the Impact page shows, read together: the personas, the share tally, the imports and their rollup. */
export async function readImpact(db: CuratorDb) {
  const [personas, tally, imports, rollup] = await Promise.all([db.personas.toArray(), db.shareTally.toArray(), db.analyticsImports.orderBy('at').toArray(), db.analyticsRollup.get(ROLLUP_ID)]);
  return { personas, tally, imports, rollup: rollup ?? null };
}
