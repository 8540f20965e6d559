import { Migration } from '@mikro-orm/migrations';
import { baseTables } from './baseTables';
import { createMissingTables } from './createMissingTables';
import { migrationDialect } from './migrationDialect';

/** Spyglass's common tables and the pre-recompute v0/v1 recording tables; adopts existing ones. */
export class Migration20261125000000BaseLayout extends Migration {
  override async up(): Promise<void> {
    await createMissingTables(this, migrationDialect(this.driver), baseTables, (sql) => this.addSql(sql));
  }

  override async down(): Promise<void> {
    for (const table of [...baseTables].reverse()) this.addSql(`drop table if exists ${this.getKnex().ref(table.name)}`);
  }
}
