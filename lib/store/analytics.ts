import type { AnalyticsFormat, ColumnMapping } from '../core/impact/parse';
import type { RowColumns } from '../core/impact/columns';
import { newId } from '../util/hash';
import type { CuratorDb } from './db';

/** One analytics export, imported whole (Dexie table "analyticsImports"). Its hash keeps the same file from counting twice. */
export interface AnalyticsImport {
  id: string;
  /** SHA-256 of the file's text. */
  hash: string;
  at: number;
  fileName: string;
  format: AnalyticsFormat;
  range: { start: string; end: string } | null;
  rowCount: number;
  /** The rows, as columns (lib/core/impact/columns): cheap to store and to read back. */
  columns: RowColumns;
}

/** A column mapping the person chose for a CSV layout, by header signature (Dexie table "analyticsMappings"). */
export interface MappingRow {
  signature: string;
  mapping: ColumnMapping;
  at: number;
}

/** Stores an import unless the same file is already there: all of it in one write, or nothing. */
export async function storeImport(db: CuratorDb, input: Omit<AnalyticsImport, 'id' | 'at'>, at: number): Promise<{ stored: boolean; id: string }> {
  return db.transaction('rw', db.analyticsImports, async () => {
    const same = await db.analyticsImports.where('hash').equals(input.hash).first();
    if (same) return { stored: false, id: same.id };
    const id = newId();
    await db.analyticsImports.add({ ...input, id, at });
    return { stored: true, id };
  });
}

export async function rememberMapping(db: CuratorDb, signature: string, mapping: ColumnMapping, at: number): Promise<void> {
  await db.analyticsMappings.put({ signature, mapping, at });
}

export async function mappingFor(db: CuratorDb, signature: string): Promise<ColumnMapping | null> {
  return (await db.analyticsMappings.get(signature))?.mapping ?? null;
}
