import { MikroORM } from '@mikro-orm/core';
import type { AbstractSqlDriver } from '@mikro-orm/knex';
import { MariaDbDriver } from '@mikro-orm/mariadb';
import { MySqlDriver } from '@mikro-orm/mysql';
import { isRecomputeError } from '@spyglass-recompute/errors';
import { schemaErrors } from '../schemaErrors';
import { maskDbUrl } from '../connection/maskDbUrl';
import { parseDbUrl } from '../connection/parseDbUrl';
import { translateDbError } from '../connection/translateDbError';
import type { SqlQuery } from './inspectSpyglassDatabase';

/** A connection to the server holding a lab's Spyglass schemas. */
export interface SpyglassServer {
  query: SqlQuery;
  close(): Promise<void>;
}

/**
 * Connects to the MySQL/MariaDB server a `mysql://` / `mariadb://` URL names, for the Spyglass
 * layout: DataJoint spreads a lab's tables over many schemas, so the URL names a server and any
 * database name in it is ignored; the session's default database is `information_schema`
 * (read-only, on every server), so nothing is created by connecting and every statement names
 * its schema.
 *
 * @throws RecomputeError `DB_LAYOUT_UNSUPPORTED` for `sqlite://` URLs; connection errors as
 *   `openDatabase` translates them (`DB_UNREACHABLE`, `DB_AUTH_FAILED`, …; password masked).
 */
export async function openSpyglassServer(url: string): Promise<SpyglassServer> {
  const serverUrl = /^(mysql|mariadb):\/\/[^/]*\/?$/.test(url) ? `${url.replace(/\/$/, '')}/information_schema` : url;
  const db = parseDbUrl(serverUrl);
  const shown = maskDbUrl(url);
  if (db.scheme === 'sqlite') {
    throw schemaErrors.layoutNeedsServer(shown);
  }
  let orm: MikroORM<AbstractSqlDriver> | undefined;
  try {
    orm = await MikroORM.init<AbstractSqlDriver>({
      driver: (db.scheme === 'mariadb' ? MariaDbDriver : MySqlDriver) as unknown as typeof MySqlDriver,
      host: db.host,
      port: db.port,
      user: db.user,
      password: db.password,
      dbName: 'information_schema',
      entities: [],
      discovery: { warnWhenNoEntities: false },
      ensureDatabase: false,
      forceUtcTimezone: true,
      allowGlobalContext: true,
      pool: { min: 0, max: 2 },
    });
    const check = await orm.checkConnection();
    if (!check.ok) throw translateDbError(check.error ?? new Error(check.reason), shown);
  } catch (error) {
    await orm?.close(true).catch(() => undefined);
    if (isRecomputeError(error)) throw error;
    throw translateDbError(error, shown);
  }
  const connection = orm.em.getConnection();
  const opened = orm;
  return {
    query: async (sql, params) => {
      const rows: unknown = await connection.execute(sql, params ?? [], 'all');
      return Array.isArray(rows) ? (rows as Array<Record<string, unknown>>) : [];
    },
    close: () => opened.close(true),
  };
}
