import type { EntityTable } from 'dexie';

/**
 * The one way a capped cache is written: the row goes in and, past `cap` rows, the oldest (by `createdAt`) go out,
 * in one read-write transaction, so a worker stopped in between never leaves the table over its cap.
 */
export async function putCapped<Row extends { key: string; createdAt: number }>(table: EntityTable<Row, 'key'>, row: NoInfer<Row>, cap: number): Promise<void> {
  await table.db.transaction('rw', table, async () => {
    await table.put(row);
    const count = await table.count();
    if (count > cap)
      await table.bulkDelete(
        await table
          .orderBy('createdAt')
          .limit(count - cap)
          .primaryKeys(),
      );
  });
}
