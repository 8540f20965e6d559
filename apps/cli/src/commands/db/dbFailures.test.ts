import { chmod, mkdir, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { MIGRATIONS_TABLE, createTestDatabase, testBackends, type TestDatabase } from '@spyglass-recompute/schema';
import { runCli } from '../../test-support/runCli';
import { runCliInProcess } from '../../test-support/runCliInProcess';

// Issue 12 §5: a database that loses its tables while the tool uses it gave exit 1 INTERNAL
// with raw SQL (with --workers: a multi-KB message with a JS stack). Expected: one typed line.
// The dropped-table commands run in process (runCliInProcess; `--workers 2` still starts two real
// worker processes); the read-only file needs a real process running as another user.

/** Drops every table but the migrations log: the schema "vanished", yet no migration is pending. */
async function dropDataTables(db: TestDatabase): Promise<void> {
  const knex = db.orm.em.getKnex();
  if (db.backend === 'sqlite') {
    const rows = (await knex.raw("select name from sqlite_master where type = 'table' and name not like 'sqlite_%'")) as Array<{
      name: string;
    }>;
    await knex.raw('PRAGMA foreign_keys = OFF');
    for (const { name } of rows) if (name !== MIGRATIONS_TABLE) await knex.raw(`drop table \`${name}\``);
    return;
  }
  await knex.transaction(async (trx) => {
    const [rows] = (await trx.raw('select table_name as name from information_schema.tables where table_schema = database()')) as [
      Array<{ name: string }>,
    ];
    await trx.raw('SET FOREIGN_KEY_CHECKS = 0');
    for (const { name } of rows) if (name !== MIGRATIONS_TABLE) await trx.raw(`drop table \`${name}\``);
    await trx.raw('SET FOREIGN_KEY_CHECKS = 1');
  });
}

// The summary of failed `--workers` is CLI plumbing, not SQL: it runs on the first server backend
// (its two worker processes are the costly part); each backend's own DB_SCHEMA_MISSING is `v1 status`.
const workersBackend = testBackends().find((backend) => backend !== 'sqlite');

describe.each(testBackends())('a %s database whose tables were dropped', (backend) => {
  let db: TestDatabase;
  let baseDir: string;
  let env: Record<string, string>;
  beforeAll(async () => {
    db = await createTestDatabase(backend);
    await dropDataTables(db);
    baseDir = await mkdtemp(path.join(os.tmpdir(), 'cli-db-lost-'));
    for (const root of ['raw', 'analysis', 'recording', 'tmp']) await mkdir(path.join(baseDir, root));
    env = { RECOMPUTE_DB_URL: db.url, SPYGLASS_BASE_DIR: baseDir };
  });
  afterAll(async () => {
    await db.drop();
    await rm(baseDir, { recursive: true, force: true });
  });

  it('v1 status: exit 1 with a one-line DB_SCHEMA_MISSING naming the fix, no SQL', async () => {
    const run = await runCliInProcess(['v1', 'status', '--json'], env);
    expect(run.exitCode).toBe(1);
    const error = (run.json as { error: { code: string; message: string } }).error;
    expect(error).toEqual({
      code: 'DB_SCHEMA_MISSING',
      message: expect.stringContaining('recompute db migrate'),
      details: expect.anything(),
    });
    expect(error.message).not.toMatch(/\n|select /i);
    const human = await runCliInProcess(['v1', 'status'], env);
    expect(human.exitCode).toBe(1);
    expect(human.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^Error \[DB_SCHEMA_MISSING\]: /)]);
  });

  if (backend === workersBackend) {
    it('v1 run --workers 2: one line summarising both workers, exit 1', async () => {
      const run = await runCliInProcess(['v1', 'run', '--workers', '2', '--json'], env);
      expect(run.exitCode).toBe(1);
      const error = (run.json as { error: { code: string; message: string; details: { workers: unknown[] } } }).error;
      expect(error.code).toBe('DB_SCHEMA_MISSING');
      expect(error.message).toMatch(/^2 of 2 workers failed \(DB_SCHEMA_MISSING ×2\): /);
      expect(error.message).not.toMatch(/\n|select | {4}at /i);
      expect(error.details.workers).toHaveLength(2);
    });
  }
});

describe('a read-only SQLite file', () => {
  let dir: string;
  let env: Record<string, string>;
  // Root ignores permission bits: the commands then run as `nobody`, for whom they apply.
  const asUser = process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : {};
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'cli-db-read-only-'));
    const file = path.join(dir, 'recompute.sqlite');
    env = { RECOMPUTE_DB_URL: `sqlite://${file}`, SPYGLASS_BASE_DIR: dir };
    expect((await runCliInProcess(['db', 'migrate', '--json'], env)).exitCode).toBe(0);
    await chmod(file, 0o444);
    await chmod(dir, 0o555);
  });
  afterAll(async () => {
    await chmod(dir, 0o755);
    await rm(dir, { recursive: true, force: true });
  });

  it.each([
    ['v1', 'params', 'add', 'p1', '--frequency-min', '300', '--frequency-max', '6000'],
    ['db', 'status'],
  ])('%s %s: says read-only (DB_READ_ONLY, exit 1), not "check the server is running"', async (...command) => {
    const run = await runCli([...command, '--json'], env, asUser);
    expect(run.exitCode).toBe(1);
    const error = (run.json as { error: { code: string; message: string } }).error;
    expect(error).toMatchObject({ code: 'DB_READ_ONLY', message: expect.stringContaining('read-only') });
    expect(error.message).not.toContain('server is running');
  });
});
