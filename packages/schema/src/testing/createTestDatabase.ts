import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { sqliteUrl } from '../connection/defaultDbUrl';
import { openDatabase, type RecomputeOrm } from '../connection/openDatabase';
import { migrateDatabase } from '../migrations/migrateDatabase';
import { testServerAddress, type TestBackend } from './testBackends';

/** A throwaway database made by {@link createTestDatabase}. */
export interface TestDatabase {
  backend: TestBackend;
  orm: RecomputeOrm;
  /** Its URL (includes the test server's password, if any: do not print). */
  url: string;
  /** Closes the ORM and deletes the database (SQLite: its temp directory). Idempotent. */
  drop(): Promise<void>;
}

/** Options of {@link createTestDatabase}. */
export interface CreateTestDatabaseOptions {
  /** Run the committed migrations. @default true */
  migrate?: boolean;
  /** Log SQL. @default false */
  debug?: boolean;
}

/**
 * Creates an empty, migrated database with a random name on `backend` (SQLite: a file in a
 * fresh temp directory; MariaDB/MySQL drivers: `recompute_test_<random>` on
 * `RECOMPUTE_TEST_MYSQL_URL`). Throws — never skips — when the server is unreachable, so a
 * misconfigured CI fails loudly.
 */
export async function createTestDatabase(backend: TestBackend, options: CreateTestDatabaseOptions = {}): Promise<TestDatabase> {
  const suffix = randomBytes(6).toString('hex');
  let url: string;
  let cleanup: () => Promise<void>;
  if (backend === 'sqlite') {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'recompute-test-'));
    url = sqliteUrl(path.join(dir, 'recompute.sqlite'));
    cleanup = () => rm(dir, { recursive: true, force: true });
  } else {
    const dbName = `recompute_test_${suffix}`;
    url = `${backend}://${testServerAddress()}/${dbName}`;
    cleanup = async () => undefined;
  }
  const orm = await openDatabase(url, { debug: options.debug });
  if (backend !== 'sqlite') {
    const dbName = orm.config.get('dbName');
    // Dropped through the test's own connection: dropping the current database is allowed.
    cleanup = async () => {
      await orm.em.getConnection().execute(`drop database if exists \`${dbName}\``);
    };
  }
  let dropped = false;
  const drop = async () => {
    if (dropped) return;
    dropped = true;
    if (backend === 'sqlite') {
      await orm.close(true);
      await cleanup();
      return;
    }
    try {
      await cleanup();
    } finally {
      await orm.close(true);
    }
  };
  try {
    if (options.migrate ?? true) await migrateDatabase(orm);
  } catch (error) {
    await drop();
    throw error;
  }
  return { backend, orm, url, drop };
}
