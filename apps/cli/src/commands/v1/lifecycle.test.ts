import { existsSync } from 'node:fs';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {
  SpikeSortingPreprocessingParametersV1,
  createTestDatabase,
  type TestBackend,
  type TestDatabase,
  testBackends,
} from '@spyglass-recompute/schema';
import { runCliInProcess } from '../../test-support/runCliInProcess';

const rawFixture = path.resolve(__dirname, '../../../../../../shared/fixtures/spikesorting/short/raw/oracle_raw.nwb');

// The whole life cycle through the CLI on the first backend (SQLite); on the others (MariaDB) its
// first half, up to `v1 run --workers 2` (worker processes sharing the jobs table, which only a
// server has), the env commands and the missing data root. The second half (delete-files, fetch, a
// tampered source) runs on every backend in process in packages/v1/src/recompute/v1Lifecycle.test.ts
// and v1LegacyHash.test.ts, the same engine calls the commands make. The commands run in process, through the bin's oclif
// entry (runCliInProcess: milliseconds a command instead of 1-2 s of Node start-up); the workers of
// `run --workers 2` are real child processes of the built bin, and the spawned bin's life cycle is
// the demo test (demo.test.ts) and the killed deletions (crashResume.test.ts). The mysql driver is
// covered by the library tests.
const backends = testBackends().filter((b): b is TestBackend => b === 'sqlite' || b === 'mariadb');

/** A database and data roots for one backend, made before and removed after the tests. */
interface V1CliWorld {
  backend: TestBackend;
  db: TestDatabase;
  baseDir: string;
  env: NodeJS.ProcessEnv;
}

/** Registers beforeAll/afterAll hooks that make (and remove) a {@link V1CliWorld}; read it inside tests. */
function useV1CliWorld(backend: TestBackend): V1CliWorld {
  const w = { backend } as V1CliWorld;
  beforeAll(async () => {
    w.db = await createTestDatabase(backend, { migrate: false });
    w.baseDir = await mkdtemp(path.join(os.tmpdir(), 'cli-v1-'));
    w.env = { RECOMPUTE_DB_URL: w.db.url, SPYGLASS_BASE_DIR: w.baseDir };
  });
  afterAll(async () => {
    await w.db?.drop();
    if (w.baseDir) await rm(w.baseDir, { recursive: true, force: true });
  });
  return w;
}

/**
 * The first half of the life cycle, through the CLI on a fresh database: migrate, ingest the
 * oracle file, a sort group and an interval; create the recording; versions → attempt → run (two
 * worker processes on a server); the status shows it matched.
 */
async function createAndVerify(w: V1CliWorld): Promise<{ id: string; file: string; hash: string }> {
  const cli = async (...args: string[]) => runCliInProcess([...args, '--json'], w.env);
  expect((await cli('db', 'migrate')).exitCode).toBe(0);
  expect((await cli('ingest', rawFixture)).exitCode).toBe(0);
  expect((await cli('v1', 'sort-group', 'set', 'oracle_raw.nwb', '0', '--electrodes', '0,1,2,3', '--reference', '4')).exitCode).toBe(0);
  expect((await cli('interval', 'add', 'oracle_raw.nwb', 'two_s', '--start', '1687429800.5', '--end', '1687429802.5')).exitCode).toBe(0);

  const created = await cli('v1', 'recording', 'create', '--nwb-file', 'oracle_raw.nwb', '--sort-group', '0', '--interval', 'two_s');
  expect(created.exitCode).toBe(0);
  const { recording_id: id, path: file, hash } = created.json as { recording_id: string; path: string; hash: string };
  expect(hash).toMatch(/^[0-9a-f]{32}$/);
  expect(file.startsWith(path.join(w.baseDir, 'analysis'))).toBe(true);

  expect((await cli('v1', 'versions', 'populate')).exitCode).toBe(0);
  expect((await cli('v1', 'attempt', '--rounding', '4')).exitCode).toBe(0);
  // On a server, the work is shared by two worker processes through the jobs table.
  const run = w.backend === 'sqlite' ? await cli('v1', 'run') : await cli('v1', 'run', '--workers', '2');
  expect(run.exitCode).toBe(0);
  const status = await cli('v1', 'status', '--nwb-file', 'oracle_raw.nwb');
  expect(status.json).toMatchObject({ matched: 1, mismatched: 0, error: 0, deleted: 0 });
  return { id, file, hash };
}

/** Registers the test that a missing data root is a typed error (exit 2), whatever the backend. */
function itRefusesAMissingDataRoot(w: V1CliWorld): void {
  it('fails with DATA_ROOT_UNAVAILABLE (exit 2) instead of acting on a missing data root', async () => {
    const missing = path.join(w.baseDir, 'not-mounted');
    const run = await runCliInProcess(['v1', 'delete-files', '--older-than', '0d', '--yes', '--json'], {
      ...w.env,
      SPYGLASS_ANALYSIS_DIR: missing,
    });
    expect(run.exitCode).toBe(2);
    expect(run.json).toEqual({
      error: expect.objectContaining({ code: 'DATA_ROOT_UNAVAILABLE', message: expect.stringContaining(missing) }),
    });
    expect(existsSync(missing)).toBe(false);
  });
}

// (Loops, not describe.each: jest rejects an empty table, e.g. when RECOMPUTE_TEST_BACKENDS=sqlite.)
for (const backend of backends)
  describe(`recompute v1 life cycle through the CLI on ${backend}`, () => {
    const w = useV1CliWorld(backend);
    const cli = async (...args: string[]) => runCliInProcess([...args, '--json'], w.env);

    if (backend !== backends[0]) {
      it('creates a recording and verifies it with `v1 run --workers 2` (worker processes, the jobs table)', async () => {
        await createAndVerify(w);
        // No reservation is left behind by the workers.
        const status = await cli('v1', 'status');
        expect((status.json as { jobs: { reserved: number; error: number } }).jobs).toMatchObject({ reserved: 0, error: 0 });
      });
    } else
      it('creates, verifies, deletes, regenerates on demand, and refuses a tampered source', async () => {
        const { id, file, hash } = await createAndVerify(w);

        const dry = await cli('v1', 'delete-files', '--older-than', '0d');
        expect(dry.json).toMatchObject({ dryRun: true, entries: [expect.objectContaining({ path: file })] });
        expect((dry.json as { bytes: number }).bytes).toBeGreaterThan(0);
        expect(existsSync(file)).toBe(true);
        const real = await cli('v1', 'delete-files', '--older-than', '0d', '--yes');
        expect(real.json).toMatchObject({ dryRun: false });
        expect(existsSync(file)).toBe(false);
        expect((await cli('v1', 'status')).json).toMatchObject({ deleted: 1 });

        const fetched = await cli('v1', 'fetch', id);
        expect(fetched.exitCode).toBe(0);
        expect(fetched.json).toEqual({ path: file, regenerated: true, hash });
        expect(existsSync(file)).toBe(true);
        expect((await cli('v1', 'fetch', id)).json).toMatchObject({ regenerated: false });
        expect((await cli('v1', 'status')).json).toMatchObject({ matched: 1, deleted: 0 });

        // Tamper with the source: the params row the file was made with.
        const em = w.db.orm.em.fork();
        const params = await em.findOneOrFail(SpikeSortingPreprocessingParametersV1, { preproc_param_name: 'default' });
        params.preproc_params = { ...params.preproc_params, frequency_max: 5000 };
        await em.flush();
        await rm(file);
        const refused = await cli('v1', 'fetch', id);
        expect(refused.exitCode).toBe(4);
        expect(refused.json).toEqual({
          error: expect.objectContaining({ code: 'REGENERATED_HASH_MISMATCH', message: expect.stringContaining(hash) }),
        });
        expect(existsSync(file)).toBe(false);
        const dir = path.dirname(file);
        expect((await readdir(dir)).filter((n) => n.includes(path.basename(file, '.nwb')))).toEqual([]);
      });

    it('env capture/show/diff describe the installation; an unknown env id is exit 2', async () => {
      const captured = await cli('env', 'capture');
      expect(captured.exitCode).toBe(0);
      const { envId, envHash } = captured.json as { envId: string; envHash: string };
      expect(envId).toMatch(/_default_\d\d$/);
      expect((await cli('env', 'show')).json).toMatchObject({ envId, envHash });
      expect((await cli('env', 'diff', envId, envId)).json).toMatchObject({ identical: true, packages: [], runtime: [] });
      const unknown = await cli('env', 'diff', envId, 'nobody_default_99');
      expect(unknown.exitCode).toBe(2);
      expect(unknown.json).toEqual({
        error: expect.objectContaining({ code: 'ENV_NOT_FOUND', message: expect.stringContaining('nobody_default_99') }),
      });
    });

    itRefusesAMissingDataRoot(w);
  });
