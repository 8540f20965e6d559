import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { MikroORM } from '@mikro-orm/core';
import type { AbstractSqlDriver, SqlEntityManager } from '@mikro-orm/knex';
import { isRecomputeError } from '@spyglass-recompute/errors';
import { createOrmConfig, type OrmConfigOptions } from './createOrmConfig';
import type { DbUrl } from './DbUrl';
import { maskDbUrl } from './maskDbUrl';
import { parseDbUrl } from './parseDbUrl';
import { translateDbError } from './translateDbError';

/** A connected MikroORM instance over one of the SQL drivers. */
export type RecomputeOrm = MikroORM<AbstractSqlDriver>;
/** Its entity manager (has `createQueryBuilder`, `getKnex`). */
export type RecomputeEntityManager = SqlEntityManager;

/**
 * Connects to the database a URL names and checks the connection. Does not migrate: call
 * `migrateDatabase(orm)`. On MySQL/MariaDB a missing database is created; for SQLite the
 * file's directory is created. Close with `orm.close()`.
 *
 * @throws RecomputeError `DB_URL_INVALID`, `DB_URL_UNSUPPORTED_SCHEME`, `DB_UNREACHABLE`,
 *   `DB_AUTH_FAILED`, `DB_CONNECTION_FAILED` — messages show the URL with the password masked.
 */
export async function openDatabase(url: string, options: OrmConfigOptions = {}): Promise<RecomputeOrm> {
  const db: DbUrl = parseDbUrl(url, { cwd: options.cwd });
  const shown = maskDbUrl(url);
  if (db.scheme === 'sqlite' && db.path !== ':memory:') {
    await mkdir(path.dirname(db.path), { recursive: true }).catch((error: unknown) => {
      throw translateDbError(Object.assign(new Error('cannot create the SQLite directory'), { code: 'SQLITE_CANTOPEN', cause: error }), shown);
    });
  }
  let orm: RecomputeOrm | undefined;
  try {
    orm = await MikroORM.init<AbstractSqlDriver>(createOrmConfig(db, options));
    const check = await orm.checkConnection();
    if (!check.ok) throw check.error ?? new Error(check.reason);
    return orm;
  } catch (error) {
    await orm?.close(true).catch(() => undefined);
    if (isRecomputeError(error)) throw error;
    throw translateDbError(error, shown);
  }
}
