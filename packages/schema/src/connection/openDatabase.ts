import { mkdir, open, stat } from 'node:fs/promises';
import path from 'node:path';
import { MikroORM } from '@mikro-orm/core';
import type { AbstractSqlDriver, SqlEntityManager } from '@mikro-orm/knex';
import { isRecomputeError } from '@spyglass-recompute/errors';
import { schemaErrors } from '../schemaErrors';
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
 * file and its directory are — unless `createMissing: false` (read-only use), which creates
 * nothing. Close with `orm.close()`.
 *
 * @throws RecomputeError `DB_URL_INVALID`, `DB_URL_UNSUPPORTED_SCHEME`, `DB_UNREACHABLE`,
 *   `DB_AUTH_FAILED`, `DB_NOT_FOUND`, `DB_READ_ONLY`, `DB_CONNECTION_FAILED` — messages show
 *   the URL with the password masked.
 */
export async function openDatabase(url: string, options: OrmConfigOptions = {}): Promise<RecomputeOrm> {
  const db: DbUrl = parseDbUrl(
    options.spyglass && /^(mysql|mariadb):\/\/[^/]*\/?$/.test(url) ? `${url.replace(/\/$/, '')}/information_schema` : url,
    { cwd: options.cwd },
  );
  if (options.spyglass && db.scheme === 'sqlite') createOrmConfig(db, options); // throws DB_LAYOUT_UNSUPPORTED
  const shown = maskDbUrl(url);
  if (db.scheme === 'sqlite' && db.path !== ':memory:' && !options.spyglass) {
    if (options.createMissing ?? true) await ensureSqliteFile(db.path, shown);
    else await requireSqliteFile(db.path, shown);
  }
  let orm: RecomputeOrm | undefined;
  try {
    orm = await MikroORM.init<AbstractSqlDriver>(createOrmConfig(db, options));
    const check = await orm.checkConnection();
    if (!check.ok) throw translateDbError(check.error ?? new Error(check.reason), shown);
    return orm;
  } catch (error) {
    await orm?.close(true).catch(() => undefined);
    if (isRecomputeError(error)) throw error;
    throw translateDbError(error, shown);
  }
}

/**
 * Creates the SQLite file (and its directory) up front: when better-sqlite cannot open it,
 * knex's pool retries for its whole 60 s acquire timeout instead of failing.
 */
async function ensureSqliteFile(file: string, shown: string): Promise<void> {
  try {
    await mkdir(path.dirname(file), { recursive: true });
    const handle = await open(file, 'a');
    await handle.close();
  } catch (error) {
    const fsCode = (error as { code?: string }).code ?? 'unknown';
    throw translateDbError(
      Object.assign(new Error(`cannot create or open the SQLite file (${fsCode})`), { code: 'SQLITE_CANTOPEN', cause: error }),
      shown,
    );
  }
}

/** Read-only use: the SQLite file must already exist (better-sqlite would create it). */
async function requireSqliteFile(file: string, shown: string): Promise<void> {
  try {
    if ((await stat(file)).isFile()) return;
  } catch (error) {
    if ((error as { code?: string }).code !== 'ENOENT')
      throw translateDbError(Object.assign(new Error('cannot open the SQLite file'), { code: 'SQLITE_CANTOPEN', cause: error }), shown);
  }
  throw schemaErrors.sqliteFileMissing(shown, file);
}
