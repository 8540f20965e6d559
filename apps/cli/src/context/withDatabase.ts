import {
  inspectSpyglassDatabase,
  maskDbUrl,
  migrateDatabase,
  openDatabase,
  parseDbUrl,
  pendingMigrations,
  translateQueryError,
  type RecomputeOrm,
  type SqlQuery,
} from '@spyglass-recompute/schema';
import { cliErrors } from '../cliErrors';
import type { CliConfig } from '../config/resolveCliConfig';

/** How a command wants its database. */
export interface DatabaseAccess {
  /**
   * `auto`: bring the embedded SQLite default up to date silently (zero setup), but require an
   * explicit `recompute db migrate` on a shared MySQL/MariaDB server. `none`: connect only.
   * With `readOnly`, `auto` only requires the schema to be up to date (any backend).
   */
  migrate: 'auto' | 'none';
  /**
   * The command only reads (`db status`, `status`, `diff`, `list`, `show`, `env show`/`diff`): it creates
   * nothing — no SQLite file, no MySQL/MariaDB database, no migration — and a missing
   * database is `DB_NOT_FOUND` (exit 2, fix: `recompute db migrate`). @default false
   */
  readOnly?: boolean;
  /**
   * Create a missing MySQL/MariaDB database (`db migrate` only: any other command would leave
   * an empty database behind and then fail with `DB_NOT_MIGRATED`). The embedded SQLite file
   * is created by every command that writes (zero setup). @default false
   */
  createDatabase?: boolean;
}

/**
 * Opens the configured database for one command, runs `fn` with it, and always closes it.
 * Connection errors arrive already translated (typed, password masked) from the schema package;
 * a database that disappears or turns read-only while `fn` runs becomes one typed line too.
 */
export async function withDatabase<T>(config: CliConfig, access: DatabaseAccess, fn: (orm: RecomputeOrm) => Promise<T>): Promise<T> {
  if (config.layout === 'spyglass') return withSpyglassDatabase(config, access, fn);
  const readOnly = access.readOnly ?? false;
  const createMissing = !readOnly && (parseDbUrl(config.dbUrl).scheme === 'sqlite' || (access.createDatabase ?? false));
  const orm = await openDatabase(config.dbUrl, { createMissing });
  try {
    if (access.migrate === 'auto') await ensureMigrated(orm, config.dbUrl, readOnly);
    return await fn(orm);
  } catch (error) {
    throw translateQueryError(error, maskDbUrl(config.dbUrl)) ?? error;
  } finally {
    await orm.close(true);
  }
}

/**
 * The Spyglass layout: the same entities mapped onto a lab's DataJoint schemas on the server the
 * URL names. Nothing is created or migrated implicitly: the recompute tables and columns must
 * exist (`recompute db migrate --layout spyglass`), else `DB_NOT_MIGRATED` names what is missing;
 * a server without Spyglass's schemas is `SPYGLASS_SCHEMA_MISSING`.
 */
async function withSpyglassDatabase<T>(config: CliConfig, access: DatabaseAccess, fn: (orm: RecomputeOrm) => Promise<T>): Promise<T> {
  const orm = await openDatabase(config.dbUrl, {
    createMissing: false,
    spyglass: {
      schemaPrefix: config.schemaPrefix,
      storeRoots: { raw: config.roots.raw, analysis: config.roots.analysis },
      storeLocations: config.storeLocations,
    },
  });
  try {
    if (access.migrate === 'auto') {
      const connection = orm.em.getConnection();
      const query: SqlQuery = async (sql, params) => (await connection.execute(sql, params ?? [], 'all')) as Array<Record<string, unknown>>;
      const report = await inspectSpyglassDatabase(query, config.schemaPrefix);
      if (report.missing.length > 0) {
        throw cliErrors.spyglassNotMigrated(report.missing, config.schemaPrefix);
      }
    }
    return await fn(orm);
  } catch (error) {
    throw translateQueryError(error, maskDbUrl(config.dbUrl)) ?? error;
  } finally {
    await orm.close(true);
  }
}

async function ensureMigrated(orm: RecomputeOrm, dbUrl: string, readOnly: boolean): Promise<void> {
  // A plain read of the migrations table: the migrator (`@mikro-orm/migrations`) loads only
  // when there is something to migrate.
  const pending = await pendingMigrations(orm);
  if (pending.length === 0) return;
  if (parseDbUrl(dbUrl).scheme === 'sqlite' && !readOnly) {
    await migrateDatabase(orm);
    return;
  }
  throw cliErrors.pendingMigrations(pending);
}
