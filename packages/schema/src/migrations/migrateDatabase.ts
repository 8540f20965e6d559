import type { MikroORM } from '@mikro-orm/core';
import type { AbstractSqlConnection } from '@mikro-orm/knex';
import type * as MikroOrmMigrations from '@mikro-orm/migrations';
import type { Migrator } from '@mikro-orm/migrations';
import { schemaErrors } from '../schemaErrors';
import { MIGRATIONS_TABLE, migrationNames } from './migrationNames';
import type * as MigrationsListModule from './migrationsList';

/** Result of {@link migrateDatabase}: names of the migrations this call executed. */
export interface MigrateResult {
  applied: string[];
}

/** Result of {@link migrationStatus}. */
export interface MigrationStatus {
  executed: string[];
  pending: string[];
}

const MIGRATOR_EXTENSION = '@mikro-orm/migrator';

/**
 * The ORM's MikroORM `Migrator`, registered on first use with the committed migrations.
 * `@mikro-orm/migrations` and the migration classes are required here, not at module load:
 * they pull in umzug and its command-line dependencies, which only migrating needs.
 */
export function loadMigrator(orm: MikroORM): Migrator {
  if (orm.config.getExtension(MIGRATOR_EXTENSION) === undefined) {
    /* eslint-disable @typescript-eslint/no-require-imports -- lazy on purpose (start-up time, see above) */
    const { Migrator: MigratorClass } = require('@mikro-orm/migrations') as typeof MikroOrmMigrations;
    const { migrationsList } = require('./migrationsList') as typeof MigrationsListModule;
    /* eslint-enable @typescript-eslint/no-require-imports */
    orm.config.set('migrations', { ...orm.config.get('migrations'), migrationsList });
    MigratorClass.register(orm);
  }
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
    const done = await loadMigrator(orm).up();
    return { applied: done.map((migration) => migration.name) };
  } catch (error) {
    throw schemaErrors.migrationFailed(error);
  }
}

/** Which committed migrations have run on this database and which are pending. */
export async function migrationStatus(orm: MikroORM): Promise<MigrationStatus> {
  const migrator = loadMigrator(orm);
  // Sequential: both may create the migrations table, and SQLite has one connection.
  const executed = await migrator.getExecutedMigrations();
  const pending = await migrator.getPendingMigrations();
  return { executed: executed.map((row) => row.name), pending: pending.map((row) => row.name) };
}

/**
 * Names of the committed migrations this database has not run, in order, read from the
 * migrations table with a plain query: unlike {@link migrationStatus} it neither loads
 * `@mikro-orm/migrations` nor creates the table (a database without it has every migration
 * pending). For the "is the database migrated" check every command makes.
 */
export async function pendingMigrations(orm: MikroORM): Promise<string[]> {
  const connection = orm.em.getConnection() as AbstractSqlConnection;
  if (!(await connection.getKnex().schema.hasTable(MIGRATIONS_TABLE))) return [...migrationNames];
  const rows: Array<{ name: string }> = await connection.execute(`select name from ${MIGRATIONS_TABLE}`, [], 'all');
  // MikroORM strips a `.js`/`.ts` extension from the names it logs; older rows may carry one.
  const executed = new Set(rows.map((row) => row.name.replace(/\.(js|ts)$/, '')));
  return migrationNames.filter((name) => !executed.has(name));
}
