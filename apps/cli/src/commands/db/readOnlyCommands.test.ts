import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { openDatabase, testBackends, testServerAddress } from '@spyglass-recompute/schema';
import { runCli } from '../../test-support/runCli';

// Issue 12 §4: read-only commands create nothing — no SQLite file (a relative sqlite:// URL
// used to create ./relative/x.sqlite), no MySQL/MariaDB database — and say how to make one.
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
];

describe.each(testBackends())('read-only commands against a missing %s database', (backend) => {
  let cwd: string;
  let env: Record<string, string>;
  let before: string[];
  const dbUrl = backend === 'sqlite' ? 'sqlite://relative/x.sqlite' : `${backend}://${testServerAddress()}/recompute_test_missing_${randomBytes(6).toString('hex')}`;

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
    expect(run.json).toEqual({ error: expect.objectContaining({ code: 'DB_NOT_FOUND', message: expect.stringContaining('recompute db migrate') }) });
    expect(await tree(cwd)).toEqual(before);
    // Still missing on the server (this check itself creates nothing either).
    await expect(openDatabase(dbUrl, { createMissing: false, cwd })).rejects.toMatchObject({ code: 'DB_NOT_FOUND' });
  });

  if (backend !== 'sqlite') {
    it('a writing command does not create the server database either (only `db migrate` does)', async () => {
      const run = await runCli(['v1', 'params', 'add', 'p1', '--frequency-min', '300', '--frequency-max', '6000', '--json'], env, { cwd });
      expect(run.exitCode).toBe(2);
      expect(run.json).toEqual({ error: expect.objectContaining({ code: 'DB_NOT_FOUND', message: expect.stringContaining('recompute db migrate') }) });
      await expect(openDatabase(dbUrl, { createMissing: false })).rejects.toMatchObject({ code: 'DB_NOT_FOUND' });
    });
  }
});

describe('hash nwb', () => {
  it('creates nothing in the working directory or the base dir', async () => {
    const cwd = await mkdtemp(path.join(os.tmpdir(), 'cli-read-only-hash-'));
    try {
      const run = await runCli(['hash', 'nwb', path.join(fixtures, 'hasher/files/h5_empty_file.h5'), '--json'], { SPYGLASS_BASE_DIR: undefined, RECOMPUTE_DB_URL: undefined }, { cwd });
      expect(run.exitCode).toBe(0);
      expect(await tree(cwd)).toEqual([]);
    } finally {
      await rm(cwd, { recursive: true, force: true });
    }
  });
});
