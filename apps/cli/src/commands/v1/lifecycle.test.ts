import { existsSync } from 'node:fs';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { SpikeSortingPreprocessingParametersV1, createTestDatabase, type TestBackend, type TestDatabase, testBackends } from '@spyglass-recompute/schema';
import { runCli } from '../../test-support/runCli';

const rawFixture = path.resolve(__dirname, '../../../../../../shared/fixtures/spikesorting/short/raw/oracle_raw.nwb');
// The spawned-CLI life cycle runs on SQLite and MariaDB; the mysql driver is covered by the library tests.
const backends = testBackends().filter((b): b is TestBackend => b === 'sqlite' || b === 'mariadb');

describe.each(backends)('recompute v1 life cycle through the CLI on %s', (backend) => {
  let db: TestDatabase;
  let baseDir: string;
  let env: NodeJS.ProcessEnv;
  const cli = async (...args: string[]) => runCli([...args, '--json'], env);

  beforeAll(async () => {
    db = await createTestDatabase(backend, { migrate: false });
    baseDir = await mkdtemp(path.join(os.tmpdir(), 'cli-v1-'));
    env = { RECOMPUTE_DB_URL: db.url, SPYGLASS_BASE_DIR: baseDir };
  });
  afterAll(async () => {
    await db.drop();
    await rm(baseDir, { recursive: true, force: true });
  });

  it('creates, verifies, deletes, regenerates on demand, and refuses a tampered source', async () => {
    expect((await cli('db', 'migrate')).exitCode).toBe(0);
    expect((await cli('ingest', rawFixture)).exitCode).toBe(0);
    expect((await cli('v1', 'sort-group', 'set', 'oracle_raw.nwb', '0', '--electrodes', '0,1,2,3', '--reference', '4')).exitCode).toBe(0);
    expect((await cli('interval', 'add', 'oracle_raw.nwb', 'two_s', '--start', '1687429800.5', '--end', '1687429802.5')).exitCode).toBe(0);

    const created = await cli('v1', 'recording', 'create', '--nwb-file', 'oracle_raw.nwb', '--sort-group', '0', '--interval', 'two_s');
    expect(created.exitCode).toBe(0);
    const { recording_id: id, path: file, hash } = created.json as { recording_id: string; path: string; hash: string };
    expect(hash).toMatch(/^[0-9a-f]{32}$/);
    expect(file.startsWith(path.join(baseDir, 'analysis'))).toBe(true);

    expect((await cli('v1', 'versions', 'populate')).exitCode).toBe(0);
    expect((await cli('v1', 'attempt', '--rounding', '4')).exitCode).toBe(0);
    // On a server, the work is shared by two worker processes through the jobs table.
    const run = backend === 'sqlite' ? await cli('v1', 'run') : await cli('v1', 'run', '--workers', '2');
    expect(run.exitCode).toBe(0);
    const status = await cli('v1', 'status', '--nwb-file', 'oracle_raw.nwb');
    expect(status.json).toMatchObject({ matched: 1, mismatched: 0, error: 0, deleted: 0 });

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
    const em = db.orm.em.fork();
    const params = await em.findOneOrFail(SpikeSortingPreprocessingParametersV1, { preproc_param_name: 'default' });
    params.preproc_params = { ...params.preproc_params, frequency_max: 5000 };
    await em.flush();
    await rm(file);
    const refused = await cli('v1', 'fetch', id);
    expect(refused.exitCode).toBe(4);
    expect(refused.json).toEqual({ error: expect.objectContaining({ code: 'REGENERATED_HASH_MISMATCH', message: expect.stringContaining(hash) }) });
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
    expect(unknown.json).toEqual({ error: expect.objectContaining({ code: 'ENV_NOT_FOUND', message: expect.stringContaining('nobody_default_99') }) });
  });

  it('fails with DATA_ROOT_UNAVAILABLE (exit 2) instead of acting on a missing data root', async () => {
    const missing = path.join(baseDir, 'not-mounted');
    const run = await runCli(['v1', 'delete-files', '--older-than', '0d', '--yes', '--json'], { ...env, SPYGLASS_ANALYSIS_DIR: missing });
    expect(run.exitCode).toBe(2);
    expect(run.json).toEqual({ error: expect.objectContaining({ code: 'DATA_ROOT_UNAVAILABLE', message: expect.stringContaining(missing) }) });
    expect(existsSync(missing)).toBe(false);
  });
});
