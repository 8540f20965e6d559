import type { Options } from '@mikro-orm/core';
import { BetterSqliteDriver } from '@mikro-orm/better-sqlite';
import type { AbstractSqlDriver } from '@mikro-orm/knex';
import { MariaDbDriver } from '@mikro-orm/mariadb';
import { MySqlDriver } from '@mikro-orm/mysql';
import { allEntities } from '../allEntities';
import { MIGRATIONS_TABLE } from '../migrations/migrationNames';
import type { DbUrl } from './DbUrl';
import { fixNavigationRelations } from './fixNavigationRelations';
import { KeyNormalizingEntityManager } from './KeyNormalizingEntityManager';
import { parseDbUrl } from './parseDbUrl';
import { schemaErrors } from '../schemaErrors';
import { applySpyglassMapping, type SpyglassLayoutOptions } from '../spyglass-layout/spyglassEntityMapping';

/** Options of {@link createOrmConfig} and `openDatabase`. */
export interface OrmConfigOptions {
  /** Log every SQL statement (MikroORM `debug`). @default false */
  debug?: boolean;
  /** Base for relative `sqlite://` paths. @default process.cwd() */
  cwd?: string;
  /**
   * Create a missing database (MySQL/MariaDB: `CREATE DATABASE`; SQLite: the file and its
   * directory). False for read-only use: a missing database is then `DB_NOT_FOUND`.
   * @default true
   */
  createMissing?: boolean;
  /**
   * Work on a lab's Spyglass DataJoint schemas instead of the tool's own tables: the URL names
   * a MySQL/MariaDB server, every entity is mapped onto its Spyglass table
   * (`spyglassEntityMapping.ts`), nothing is created and no migration of ours applies.
   */
  spyglass?: SpyglassLayoutOptions;
}

/**
 * MikroORM options for a database URL: the driver the scheme names, every entity, and the
 * migrations table's options (the migrations themselves are added by `loadMigrator`). Never enables schema diffing: the schema comes
 * from migrations only (SQLite introspection in MikroORM 6.6 misreads enums and composite FKs).
 *
 * @throws RecomputeError `DB_URL_INVALID` / `DB_URL_UNSUPPORTED_SCHEME`
 */
export function createOrmConfig(url: string | DbUrl, options: OrmConfigOptions = {}): Options<AbstractSqlDriver> {
  const db = typeof url === 'string' ? parseDbUrl(spyglassServerUrl(url, options), { cwd: options.cwd }) : url;
  const spyglass = options.spyglass;
  if (spyglass && db.scheme === 'sqlite') {
    throw schemaErrors.layoutNeedsServer();
  }
  const common = {
    entities: [...allEntities],
    // No `Migrator` extension and no `migrationsList` here: loading `@mikro-orm/migrations` costs
    // a command's start-up, so `loadMigrator` (migrateDatabase.ts) adds both when one migrates.
    migrations: {
      tableName: MIGRATIONS_TABLE,
      // SQLite runs each migration in a transaction; MySQL/MariaDB commit DDL implicitly, so a
      // transaction there only produces knex's "implicitly committed" warning.
      transactional: db.scheme === 'sqlite',
      allOrNothing: db.scheme === 'sqlite',
      snapshot: false,
      silent: true,
    },
    discovery: {
      disableDynamicFileAccess: true,
      requireEntitiesArray: true,
      // Navigation relations (`parentRef`) over scalar key columns; see fixNavigationRelations.
      checkNonPersistentCompositeProps: false,
      afterDiscovered: fixNavigationRelations,
      ...(spyglass ? { onMetadata: (meta, platform) => applySpyglassMapping(meta, platform, spyglass) } : {}),
    },
    debug: options.debug ?? false,
    allowGlobalContext: false,
    entityManager: KeyNormalizingEntityManager,
    forceUtcTimezone: true,
    ensureIndexes: false,
  } satisfies Options<AbstractSqlDriver>;
  if (db.scheme === 'sqlite') {
    return {
      ...common,
      driver: BetterSqliteDriver,
      dbName: db.path,
      ensureDatabase: false,
      pool: { min: 1, max: 1, afterCreate: configureSqliteConnection(db.path) },
    } as Options<AbstractSqlDriver>;
  }
  return {
    ...common,
    driver: (db.scheme === 'mariadb' ? MariaDbDriver : MySqlDriver) as unknown as Options<AbstractSqlDriver>['driver'],
    host: db.host,
    port: db.port,
    user: db.user,
    password: db.password,
    // Spyglass layout: every entity names its schema; the session's default database is the
    // read-only information_schema, so connecting creates nothing.
    dbName: spyglass ? 'information_schema' : db.dbName,
    // Creates the named database when missing, so `db migrate` works on an empty server;
    // read-only commands must not (issue 12 §4).
    ensureDatabase: spyglass ? false : (options.createMissing ?? true),
    pool: { min: 0, max: 10 },
  };
}

/** Spyglass layout: a `mysql://host:port` server URL (no database) gets a placeholder database. */
function spyglassServerUrl(url: string, options: OrmConfigOptions): string {
  return options.spyglass && /^(mysql|mariadb):\/\/[^/]*\/?$/.test(url) ? `${url.replace(/\/$/, '')}/information_schema` : url;
}

interface SqlitePragmas {
  pragma(source: string): unknown;
}

/**
 * Per-connection SQLite settings. MikroORM turns foreign keys on once, for the connection it
 * happens to hold at start; doing it here covers every connection the pool ever makes. WAL and a
 * busy timeout let a CLI read while another process (a `run --workers` job) writes.
 */
function configureSqliteConnection(file: string) {
  return (connection: SqlitePragmas, done: (error: Error | null, connection: SqlitePragmas) => void): void => {
    try {
      connection.pragma('foreign_keys = ON');
      connection.pragma('busy_timeout = 10000');
      if (file !== ':memory:') connection.pragma('journal_mode = WAL');
      done(null, connection);
    } catch (error) {
      done(error as Error, connection);
    }
  };
}
