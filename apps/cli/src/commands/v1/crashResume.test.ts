import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createTestDatabase, type TestBackend, testBackends } from '@spyglass-recompute/schema';
import { expectKilledDeletionsToResume, killedDeletionReruns, killedDeletionRerunsText } from '../../test-support/killedDeletionScenario';
import { runCli } from '../../test-support/runCli';
import { runCliInProcess } from '../../test-support/runCliInProcess';

const rawFixture = path.resolve(__dirname, '../../../../../../shared/fixtures/spikesorting/short/raw/oracle_raw.nwb');
const backends = testBackends().filter((b): b is TestBackend => b === 'sqlite' || b === 'mariadb');
// Each backend's CLI is killed at both crash points; the reruns after the kills are split between them.
const reruns = killedDeletionReruns(backends);

// Issue 12 §2: a `v1 delete-files` killed between "flag deleted" and "unlink" left the file
// flagged forever (rerun: ALREADY_DELETED, status: reclaimable 0, fetch: regenerated:false
// without clearing the flag). Here the CLI process really dies (SIGKILL from the engine's crash
// point, armed by RECOMPUTE_TEST_CRASH_AT); the reruns after it run in process. The v0 twin is ../v0/crashResume.test.ts.
for (const backend of backends)
  describe(`recompute v1 delete-files killed mid-way, then rerun (${backend}, killed spawned CLI)`, () => {
    test(`a kill after the flag or after the move to trash ends, after ${killedDeletionRerunsText(reruns.get(backend)!)}, where an uninterrupted run does`, async () => {
      const db = await createTestDatabase(backend, { migrate: false });
      const baseDir = await mkdtemp(path.join(os.tmpdir(), 'cli-v1-crash-'));
      try {
        const env = { RECOMPUTE_DB_URL: db.url, SPYGLASS_BASE_DIR: baseDir, RECOMPUTE_TEST_CRASH_AT: undefined };
        // Setup, reruns and status checks run in process (milliseconds each); every kill is a real
        // spawned CLI process dying of SIGKILL at the crash point.
        const cli = (...args: string[]) => runCliInProcess([...args, '--json'], env);
        expect((await cli('db', 'migrate')).exitCode).toBe(0);
        expect((await cli('ingest', rawFixture)).exitCode).toBe(0);
        expect((await cli('v1', 'sort-group', 'set', 'oracle_raw.nwb', '0', '--electrodes', '0,1,2,3', '--reference', '4')).exitCode).toBe(
          0,
        );
        expect((await cli('interval', 'add', 'oracle_raw.nwb', 'two_s', '--start', '1687429800.5', '--end', '1687429802.5')).exitCode).toBe(
          0,
        );
        const created = await cli('v1', 'recording', 'create', '--nwb-file', 'oracle_raw.nwb', '--sort-group', '0', '--interval', 'two_s');
        expect(created.exitCode).toBe(0);
        const { recording_id: key, path: artefactPath, hash } = created.json as { recording_id: string; path: string; hash: string };
        expect((await cli('v1', 'versions', 'populate')).exitCode).toBe(0);
        expect((await cli('v1', 'attempt', '--rounding', '4')).exitCode).toBe(0);
        expect((await cli('v1', 'run')).exitCode).toBe(0);

        await expectKilledDeletionsToResume(
          {
            pipeline: 'v1',
            key,
            artefactPath,
            hash,
            cli,
            killedAt: (point, ...args) => runCli([...args, '--json'], { ...env, RECOMPUTE_TEST_CRASH_AT: point }),
          },
          reruns.get(backend)!,
        );
      } finally {
        await db.drop();
        await rm(baseDir, { recursive: true, force: true });
      }
    }, 300_000);
  });
