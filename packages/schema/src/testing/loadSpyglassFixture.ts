import { randomBytes } from 'node:crypto';
import { copyFile, mkdir, mkdtemp, readFile, rm, utimes } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Connection } from 'mariadb';
import { testServerAddress } from './testBackends';

/** The shared fixtures folder (`shared/fixtures`), read in place. */
const sharedFixturesDir = path.resolve(__dirname, '../../../../../shared/fixtures');

/**
 * The Spyglass database fixtures: `spyglass-db` is a lab on today's Spyglass (recompute schemas
 * included); `spyglass-db-2024` is a lab as Spyglass 0.5.4 left it in December 2024 (no recompute
 * schemas or columns, late-2024 writer files).
 */
export type SpyglassFixtureName = 'spyglass-db' | 'spyglass-db-2024';

/** The folder of a Spyglass database fixture (`shared/fixtures/<name>`), read in place. */
export function spyglassFixturePath(name: SpyglassFixtureName): string {
  return path.join(sharedFixturesDir, name);
}

/** The Spyglass database fixture folder (`shared/fixtures/spyglass-db`), read in place. */
export const spyglassFixtureDir = spyglassFixturePath('spyglass-db');

/** The base dir the dump's absolute paths assume (`recording_path` of v0 recordings). */
export const SPYGLASS_FIXTURE_BASE_DIR = '/data/spyglass';

/** A loaded copy of the Spyglass fixture database and its files, made by {@link loadSpyglassFixture}. */
export interface SpyglassFixture {
  /** Which fixture was loaded. */
  fixture: SpyglassFixtureName;
  /** Prefix of every loaded schema name, e.g. `sgtest_3f9a0c_` + `common_nwbfile`. */
  schemaPrefix: string;
  /** The Spyglass schemas (databases) of the dump, without the prefix. */
  schemas: string[];
  /** `mariadb://user[:pass]@host:port` of the server the schemas live on (has the test password, if any). */
  serverUrl: string;
  /** Temp Spyglass base dir holding every file the database refers to (`raw/`, `analysis/`, `recording/`, `tmp/`). */
  baseDir: string;
  /** The SQL that was loaded (schema names prefixed, base dir rewritten), for before/after comparisons. */
  sql: string;
  /** Drops the prefixed schemas and deletes the base dir. Idempotent. */
  drop(): Promise<void>;
}

interface LayoutFile {
  path: string;
  size: number;
  md5: string;
  source: string;
}

/**
 * Loads `short.sql` of a Spyglass fixture — by default `spyglass-db`, a real Spyglass database
 * written by DataJoint 0.14.9; `spyglass-db-2024` is one written by Spyglass 0.5.4 with
 * DataJoint 0.14.3 — into the test
 * MariaDB server (`RECOMPUTE_TEST_MYSQL_URL`, default root@127.0.0.1:3306) under a random schema
 * prefix, so tests run side by side, and copies the files of `short.layout.json` under a fresh
 * temp base dir with the fixture's mtime. The dump's absolute paths (`/data/spyglass/…` in v0
 * `recording_path`) are rewritten to that base dir, as a lab's rows name its own base dir.
 * Throws — never skips — when the server is unreachable.
 */
export async function loadSpyglassFixture(fixture: SpyglassFixtureName = 'spyglass-db'): Promise<SpyglassFixture> {
  const fixtureDir = spyglassFixturePath(fixture);
  const schemaPrefix = `sgtest_${randomBytes(3).toString('hex')}_`;
  const baseDir = await mkdtemp(path.join(os.tmpdir(), 'spyglass-base-'));
  const dump = await readFile(path.join(fixtureDir, 'short.sql'), 'utf8');
  const schemas = [...dump.matchAll(/^USE `([^`]+)`;$/gm)].map((match) => match[1]!);
  const sql = prefixSpyglassDump(dump, schemas, schemaPrefix).replaceAll(`'${SPYGLASS_FIXTURE_BASE_DIR}/`, `'${baseDir}/`);
  const serverUrl = `mariadb://${testServerAddress()}`;
  let dropped = false;
  const drop = async () => {
    if (dropped) return;
    dropped = true;
    try {
      await withServer(serverUrl, async (connection) => {
        // Every schema under the prefix: the dump's, and those a test made there (`db migrate` adds
        // the recompute schemas and `common_user` to a Spyglass 0.5.4 layout). They reference each
        // other, so they are dropped unchecked.
        await connection.query('SET FOREIGN_KEY_CHECKS = 0');
        const underPrefix = (await connection.query(
          'SELECT schema_name AS name FROM information_schema.schemata WHERE schema_name LIKE ?',
          [`${schemaPrefix.replaceAll('_', '\\_')}%`],
        )) as Array<{ name: string }>;
        for (const { name } of underPrefix) await connection.query(`DROP DATABASE IF EXISTS \`${name}\``);
      });
    } finally {
      await rm(baseDir, { recursive: true, force: true });
    }
  };
  try {
    await withServer(serverUrl, (connection) => connection.query(sql));
    await layOutSpyglassFiles(baseDir, fixtureDir);
  } catch (error) {
    await drop();
    throw error;
  }
  return { fixture, schemaPrefix, schemas, serverUrl, baseDir, sql, drop };
}

/**
 * The dump with every schema name prefixed where SQL names a schema (`CREATE DATABASE`, `USE`,
 * cross-schema foreign keys `` `schema`.`table` ``); row values (e.g. `~log` event texts) stay.
 */
export function prefixSpyglassDump(dump: string, schemas: readonly string[], prefix: string): string {
  const names = new Set(schemas);
  return dump
    .split('\n')
    .map((line) => {
      if (line.startsWith('INSERT INTO ') || line.startsWith('--')) return line;
      return line.replace(/`([^`]+)`(?=\.`|;$| \/\*!40100)/g, (whole, name: string) => (names.has(name) ? `\`${prefix}${name}\`` : whole));
    })
    .join('\n');
}

/**
 * Copies every file `short.layout.json` of the fixture folder lists under `baseDir`, keeping the
 * fixture's mtime. A `source` is relative to `shared/fixtures`, or to the fixture folder for `files/…`.
 */
export async function layOutSpyglassFiles(baseDir: string, fixtureDir: string = spyglassFixtureDir): Promise<void> {
  const layout = JSON.parse(await readFile(path.join(fixtureDir, 'short.layout.json'), 'utf8')) as {
    mtime_epoch: number;
    files: LayoutFile[];
  };
  for (const file of layout.files) {
    const source = file.source.startsWith('files/') ? path.join(fixtureDir, file.source) : path.join(sharedFixturesDir, file.source);
    const target = path.join(baseDir, file.path);
    await mkdir(path.dirname(target), { recursive: true });
    await copyFile(source, target);
    await utimes(target, layout.mtime_epoch, layout.mtime_epoch);
  }
}

async function withServer<T>(serverUrl: string, use: (connection: Connection) => Promise<T>): Promise<T> {
  const url = new URL(serverUrl);
  // Loaded on use: the schema entry point is on the CLI's start-up path, which never needs it.
  const { createConnection } = await import('mariadb');
  const connection = await createConnection({
    host: url.hostname,
    port: Number(url.port || 3306),
    user: decodeURIComponent(url.username),
    password: decodeURIComponent(url.password),
    multipleStatements: true,
  });
  try {
    return await use(connection);
  } finally {
    await connection.end();
  }
}
