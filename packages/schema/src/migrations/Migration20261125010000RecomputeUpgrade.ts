import { Migration } from '@mikro-orm/migrations';
import { createMissingTables } from './createMissingTables';
import { migrationDialect } from './migrationDialect';
import { addedRecordingColumns, recomputeTables } from './recomputeTables';
import { columnExists } from './tableKit';

/**
 * The recompute upgrade (Spyglass's `alter` step): adds `hash` (+ `hash_algorithm`) to the v0
 * and v1 recording tables and `electrodes_id` to v1, then creates the environment, recompute
 * and jobs tables. Existing rows keep their values; the new columns are NULL until
 * `update-ids` backfills them. Each step checks first, so a fresh and an upgraded database end
 * with the same schema.
 */
export class Migration20261125010000RecomputeUpgrade extends Migration {
  override async up(): Promise<void> {
    const dialect = migrationDialect(this.driver);
    const knex = this.getKnex();
    const run = (sql: string, params?: unknown[]) => this.execute(sql, params) as Promise<Array<Record<string, unknown>>>;
    for (const { table, column, sql } of addedRecordingColumns) {
      if (await columnExists(run, dialect, table, column)) continue;
      this.addSql(`alter table ${knex.ref(table)} add column ${knex.ref(column)} ${sql}`);
    }
    await createMissingTables(this, dialect, recomputeTables, (sql) => this.addSql(sql));
  }

  override async down(): Promise<void> {
    const knex = this.getKnex();
    for (const table of [...recomputeTables].reverse()) this.addSql(`drop table if exists ${knex.ref(table.name)}`);
    for (const { table, column } of addedRecordingColumns) {
      this.addSql(`alter table ${knex.ref(table)} drop column ${knex.ref(column)}`);
    }
  }
}
