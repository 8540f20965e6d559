import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {
  UserEnvironment,
  createTestDatabase,
  openDatabase,
  testBackends,
  testServerAddress,
  type TestDatabase,
} from '@spyglass-recompute/schema';
import { runCliInProcess as runCli } from '../../test-support/runCliInProcess';

// Issue 12 §4: read-only commands create nothing — no SQLite file (a relative sqlite:// URL
// used to create ./relative/x.sqlite), no MySQL/MariaDB database — and say how to make one.
// The commands run in process (runCliInProcess, in the given working directory): what they create
// is the question, not how the process starts.
const fixtures = path.resolve(__dirname, '../../../../../../shared/fixtures');

/** Every path below `dir`, relative, sorted. */
async function tree(dir: string): Promise<string[]> {
  return (await readdir(dir, { recursive: true })).map(String).sort();
}

const READ_ONLY_COMMANDS = [
  ['db', 'status'],
  ['env', 'show'],
  ['env', 'diff', 'a_default_00', 'b_default_00'],
  ['v1', 'status'],
  ['v0', 'diff', 'x_.nwb_interval_0_default'],
  ['v1', 'list'],
  ['v0', 'show', 'x_.nwb_interval_0_default'],
  ['v1', 'params', 'list'],
  ['v1', 'sort-group', 'list'],
  ['interval', 'list'],
  ['v0', 'sort-interval', 'list'],
  ['env', 'list'],
];

describe.each(testBackends())('read-only commands against a missing %s database', (backend) => {
  let cwd: string;
  let env: Record<string, string>;
  let before: string[];
  const dbUrl =
    backend === 'sqlite'
      ? 'sqlite://relative/x.sqlite'
      : `${backend}://${testServerAddress()}/recompute_test_missing_${randomBytes(6).toString('hex')}`;

  beforeAll(async () => {
    cwd = await mkdtemp(path.join(os.tmpdir(), 'cli-read-only-'));
    // The data roots exist, so every command gets as far as the database.
    for (const root of ['raw', 'analysis', 'recording', 'tmp']) await mkdir(path.join(cwd, 'base', root), { recursive: true });
    env = { RECOMPUTE_DB_URL: dbUrl, SPYGLASS_BASE_DIR: path.join(cwd, 'base') };
    before = await tree(cwd);
  });
  afterAll(async () => {
    await rm(cwd, { recursive: true, force: true });
  });

  it.each(READ_ONLY_COMMANDS)('%s %s: exit 2 DB_NOT_FOUND naming `recompute db migrate`, nothing created', async (...command) => {
    const run = await runCli([...command, '--json'], env, { cwd });
    expect(run.exitCode).toBe(2);
    expect(run.json).toEqual({
      error: expect.objectContaining({ code: 'DB_NOT_FOUND', message: expect.stringContaining('recompute db migrate') }),
    });
    expect(await tree(cwd)).toEqual(before);
    // Still missing on the server (this check itself creates nothing either).
    await expect(openDatabase(dbUrl, { createMissing: false, cwd })).rejects.toMatchObject({ code: 'DB_NOT_FOUND' });
  });

  if (backend !== 'sqlite') {
    it('a writing command does not create the server database either (only `db migrate` does)', async () => {
      const run = await runCli(['v1', 'params', 'add', 'p1', '--frequency-min', '300', '--frequency-max', '6000', '--json'], env, { cwd });
      expect(run.exitCode).toBe(2);
      expect(run.json).toEqual({
        error: expect.objectContaining({ code: 'DB_NOT_FOUND', message: expect.stringContaining('recompute db migrate') }),
      });
      await expect(openDatabase(dbUrl, { createMissing: false })).rejects.toMatchObject({ code: 'DB_NOT_FOUND' });
    });
  }
});

describe.each(testBackends())('list / show against an existing %s database that has not stored this environment', (backend) => {
  let db: TestDatabase;
  let base: string;
  let env: Record<string, string>;
  const environmentRows = () => db.orm.em.fork().count(UserEnvironment);

  beforeAll(async () => {
    db = await createTestDatabase(backend);
    base = await mkdtemp(path.join(os.tmpdir(), 'cli-read-only-env-'));
    for (const root of ['raw', 'analysis', 'recording', 'tmp']) await mkdir(path.join(base, root), { recursive: true });
    env = { RECOMPUTE_DB_URL: db.url, SPYGLASS_BASE_DIR: base };
  });
  afterAll(async () => {
    await db?.drop();
    if (base) await rm(base, { recursive: true, force: true });
  });

  it('stores no UserEnvironment row (a writing command does: the control)', async () => {
    const listed = await runCli(['v1', 'list', '--json'], env);
    expect(listed.exitCode).toBe(0);
    expect(listed.json).toMatchObject({ total: 0, recordings: [] });
    const shown = await runCli(['v1', 'show', '01234567-89ab-4cde-8f01-23456789abcd', '--json'], env);
    expect(shown.exitCode).toBe(2);
    expect(shown.json).toEqual({ error: expect.objectContaining({ code: 'RECORDING_NOT_FOUND' }) });
    expect(await environmentRows()).toBe(0);
    expect(await tree(base)).toEqual(['analysis', 'raw', 'recording', 'tmp']);

    // The same database does get the row from a command that is not read-only (a dry-run cleanup).
    expect((await runCli(['v1', 'cleanup', '--json'], env)).exitCode).toBe(0);
    expect(await environmentRows()).toBe(1);
  });
});

describe('hash nwb', () => {
  it('creates nothing in the working directory or the base dir', async () => {
    const cwd = await mkdtemp(path.join(os.tmpdir(), 'cli-read-only-hash-'));
    try {
      const run = await runCli(
        ['hash', 'nwb', path.join(fixtures, 'hasher/files/h5_empty_file.h5'), '--json'],
        { SPYGLASS_BASE_DIR: undefined, RECOMPUTE_DB_URL: undefined },
        { cwd },
      );
      expect(run.exitCode).toBe(0);
      expect(await tree(cwd)).toEqual([]);
    } finally {
      await rm(cwd, { recursive: true, force: true });
    }
  });
});
