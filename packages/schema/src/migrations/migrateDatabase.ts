import type { MikroORM } from '@mikro-orm/core';
import type { Migrator } from '@mikro-orm/migrations';
import { schemaErrors } from '../schemaErrors';

/** Result of {@link migrateDatabase}: names of the migrations this call executed. */
export interface MigrateResult {
  applied: string[];
}

/** Result of {@link migrationStatus}. */
export interface MigrationStatus {
  executed: string[];
  pending: string[];
}

function migratorOf(orm: MikroORM): Migrator {
  return orm.getMigrator() as unknown as Migrator;
}

/**
 * Brings the schema up to date by running every pending committed migration (idempotent: a
 * second call applies nothing). Adopts databases holding the pre-recompute layout.
 *
 * @throws RecomputeError `DB_MIGRATION_FAILED` (exit 1) naming the failing migration.
 */
export async function migrateDatabase(orm: MikroORM): Promise<MigrateResult> {
  try {
    const done = await migratorOf(orm).up();
    return { applied: done.map((migration) => migration.name) };
  } catch (error) {
    throw schemaErrors.migrationFailed(error);
  }
}

/** Which committed migrations have run on this database and which are pending. */
export async function migrationStatus(orm: MikroORM): Promise<MigrationStatus> {
  const migrator = migratorOf(orm);
  // Sequential: both may create the migrations table, and SQLite has one connection.
  const executed = await migrator.getExecutedMigrations();
  const pending = await migrator.getPendingMigrations();
  return { executed: executed.map((row) => row.name), pending: pending.map((row) => row.name) };
}
