import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { MikroOrmJobStore } from '@spyglass-recompute/engine';
import { createTestDatabase, testBackends, type TestBackend, type TestDatabase } from '@spyglass-recompute/schema';
import { runCliInProcess as runCli } from '../../test-support/runCliInProcess';

// Cluster array tasks: `run --reserve-jobs --limit N --max-minutes M` exits normally with what it
// did, and `status --json` shows the jobs table per host. (The deadline and limit logic itself is
// tested on an injected clock in the engine's boundedRun.test.ts; here: the flags reach it.) The commands
// run in process (runCliInProcess): the flags and documents are the subject, not the process.
const backends = testBackends().filter((b): b is TestBackend => b === 'sqlite' || b === 'mariadb');

for (const backend of backends)
  describe(`recompute v0 run bounds + status jobs (${backend}, through the CLI in process)`, () => {
    let db: TestDatabase;
    let baseDir: string;
    let env: NodeJS.ProcessEnv;
    beforeAll(async () => {
      db = await createTestDatabase(backend);
      baseDir = await mkdtemp(path.join(os.tmpdir(), 'cli-cluster-'));
      for (const root of ['recording', 'tmp']) await mkdir(path.join(baseDir, root));
      env = { RECOMPUTE_DB_URL: db.url, SPYGLASS_BASE_DIR: baseDir };
    });
    afterAll(async () => {
      await db?.drop();
      if (baseDir) await rm(baseDir, { recursive: true, force: true });
    });

    it('status --json lists reserved and error jobs per host; run --reserve-jobs --limit --max-minutes exits 0', async () => {
      const store = new MikroOrmJobStore(db.orm.em);
      const base = {
        tableName: 'spikesorting_v0__recording_recompute',
        errorMessage: null,
        errorStack: null,
        user: 'lab',
        connectionId: 0,
        timestamp: new Date('2026-01-01T00:00:00Z'),
      };
      await store.tryInsert({
        ...base,
        keyHash: 'a'.repeat(32),
        status: 'reserved',
        key: { nwb_file_name: 'a.nwb' },
        host: 'node-01',
        pid: 11,
        leaseExpiresAt: new Date(Date.now() + 3_600_000),
      });
      await store.tryInsert({
        ...base,
        keyHash: 'b'.repeat(32),
        status: 'reserved',
        key: { nwb_file_name: 'b.nwb' },
        host: 'node-01',
        pid: 12,
        leaseExpiresAt: new Date('2026-01-01T00:01:00Z'),
      });
      await store.tryInsert({
        ...base,
        keyHash: 'c'.repeat(32),
        status: 'error',
        key: { nwb_file_name: 'c.nwb' },
        host: 'node-02',
        pid: 7,
        errorMessage: 'RecomputeError: boom',
        leaseExpiresAt: null,
      });
      // Another pipeline's rows are not this one's.
      await store.tryInsert({
        ...base,
        tableName: 'spikesorting_v1__recording_recompute',
        keyHash: 'd'.repeat(32),
        status: 'error',
        key: {},
        host: 'node-03',
        pid: 1,
        leaseExpiresAt: null,
      });

      const status = await runCli(['v0', 'status', '--json'], env);
      expect(status.exitCode).toBe(0);
      expect((status.json as { jobs: unknown }).jobs).toEqual({
        reserved: 2,
        error: 1,
        ignore: 0,
        byHost: {
          'node-01': { reserved: 2, error: 0, ignore: 0, expired: 1, pids: [11, 12] },
          'node-02': { reserved: 0, error: 1, ignore: 0, expired: 0, pids: [] },
        },
        errors: [
          {
            key: { nwb_file_name: 'c.nwb' },
            host: 'node-02',
            pid: 7,
            errorMessage: 'RecomputeError: boom',
            timestamp: '2026-01-01T00:00:00.000Z',
          },
        ],
      });
      const human = await runCli(['v0', 'status'], env);
      expect(human.stdout).toContain('jobs on node-01: reserved 2 (pids 11, 12; 1 expired)');
      expect(human.stdout).toContain('jobs on node-02: error 1');

      const run = await runCli(['v0', 'run', '--reserve-jobs', '--limit', '5', '--max-minutes', '30', '--json'], env);
      expect(run.stderr).toBe('');
      expect(run.exitCode).toBe(0);
      expect(run.json).toMatchObject({ outcomes: [] });
      const bad = await runCli(['v0', 'run', '--max-minutes', '-1', '--json'], env);
      expect(bad.exitCode).toBe(2);
    });
  });
