import { migrateDatabase, migrationStatus, openDatabase, parseDbUrl, type RecomputeOrm } from '@spyglass-recompute/schema';
import { RecomputeError } from '@spyglass-recompute/errors';
import type { CliConfig } from '../config/resolveCliConfig';

/** How a command wants its database. */
export interface DatabaseAccess {
  /**
   * `auto`: bring the embedded SQLite default up to date silently (zero setup), but require an
   * explicit `recompute db migrate` on a shared MySQL/MariaDB server. `none`: connect only.
   */
  migrate: 'auto' | 'none';
}

/**
 * Opens the configured database for one command, runs `fn` with it, and always closes it.
 * Connection errors arrive already translated (typed, password masked) from the schema package.
 */
export async function withDatabase<T>(config: CliConfig, access: DatabaseAccess, fn: (orm: RecomputeOrm) => Promise<T>): Promise<T> {
  const orm = await openDatabase(config.dbUrl);
  try {
    if (access.migrate === 'auto') await ensureMigrated(orm, config.dbUrl);
    return await fn(orm);
  } finally {
    await orm.close(true);
  }
}

async function ensureMigrated(orm: RecomputeOrm, dbUrl: string): Promise<void> {
  if (parseDbUrl(dbUrl).scheme === 'sqlite') {
    await migrateDatabase(orm);
    return;
  }
  const { pending } = await migrationStatus(orm);
  if (pending.length > 0) {
    throw new RecomputeError({
      code: 'DB_NOT_MIGRATED',
      message: `The database has ${pending.length} pending migration(s) (${pending.join(', ')}); run \`recompute db migrate\` first.`,
      details: { pending },
    });
  }
}
