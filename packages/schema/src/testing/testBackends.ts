import { schemaErrors } from '../schemaErrors';

/** The database backends tests run against: a driver, and for SQLite a temp file. */
export const TEST_BACKENDS = ['sqlite', 'mariadb', 'mysql'] as const;
export type TestBackend = (typeof TEST_BACKENDS)[number];

/** Default server for the `mariadb`/`mysql` test backends (both drivers talk to it). */
export const DEFAULT_TEST_SERVER = 'root@127.0.0.1:3306';

/**
 * Backends named by `RECOMPUTE_TEST_BACKENDS` (comma-separated; default
 * `sqlite,mariadb,mysql`). Use with `describe.each(testBackends())`.
 *
 * @throws RecomputeError `TEST_BACKEND_UNKNOWN` for a name outside {@link TEST_BACKENDS}.
 */
export function testBackends(env: NodeJS.ProcessEnv = process.env): TestBackend[] {
  const raw = env.RECOMPUTE_TEST_BACKENDS?.trim() || TEST_BACKENDS.join(',');
  const names = raw
    .split(',')
    .map((name) => name.trim().toLowerCase())
    .filter(Boolean);
  for (const name of names) {
    if (!(TEST_BACKENDS as readonly string[]).includes(name)) {
      throw schemaErrors.testBackendUnknown(name, TEST_BACKENDS);
    }
  }
  return [...new Set(names)] as TestBackend[];
}

/**
 * Backends for flow-level tests (pipelines, life cycles, commands over the database): those of
 * {@link testBackends}, less the `mysql` driver when `mariadb` runs too. Both drivers talk to the
 * same test server, and what differs between them (how each column type is written and read
 * back, raw SQL, locking, error codes) is tested on every backend where it lives: the entity
 * round-trips and migrations (schema), the recompute, job and environment stores and the crash
 * residue (engine), the v1 plain-row reads, the params tables and the `db` commands; repeating
 * every flow through the second driver of the same server cost ~15 CPU-s of a ~450 CPU-s suite.
 * Named alone (`RECOMPUTE_TEST_BACKENDS=mysql`), it runs.
 */
export function flowTestBackends(env: NodeJS.ProcessEnv = process.env): TestBackend[] {
  const backends = testBackends(env);
  return backends.includes('mariadb') ? backends.filter((backend) => backend !== 'mysql') : backends;
}

/**
 * `user[:password]@host[:port]` of the test server, from `RECOMPUTE_TEST_MYSQL_URL` (a
 * `mysql://…`/`mariadb://…` prefix and a trailing `/db` are accepted and ignored).
 */
export function testServerAddress(env: NodeJS.ProcessEnv = process.env): string {
  const raw = env.RECOMPUTE_TEST_MYSQL_URL?.trim() || DEFAULT_TEST_SERVER;
  return raw.replace(/^[a-z]+:\/\//i, '').replace(/\/.*$/, '');
}
