import type { Migration } from '@mikro-orm/migrations';
import { columnKit, createTableSql, tableExists, type MigrationDialect, type TableDefinition } from './tableKit';

/**
 * Queues CREATE TABLE for each table that does not exist yet. Skipping existing tables is what
 * lets a database that already holds (part of) a layout — e.g. one made before these
 * migrations were tracked — be adopted without losing rows.
 */
export async function createMissingTables(
  migration: Migration,
  dialect: MigrationDialect,
  tables: readonly TableDefinition[],
  addSql: (sql: string) => void,
): Promise<string[]> {
  const kit = columnKit(dialect);
  const run = (sql: string, params?: unknown[]) => migration.execute(sql, params) as Promise<Array<Record<string, unknown>>>;
  const created: string[] = [];
  for (const table of tables) {
    if (await tableExists(run, dialect, table.name)) continue;
    for (const sql of createTableSql(migration.getKnex(), table, kit)) addSql(sql);
    created.push(table.name);
  }
  return created;
}
