import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { writeSyntheticRawNwb } from '@spyglass-recompute/common';
import { createTestDatabase, type TestBackend, testBackends } from '@spyglass-recompute/schema';
import { expectKilledDeletionsToResume, killedDeletionReruns, killedDeletionRerunsText } from '../../test-support/killedDeletionScenario';
import { runCli } from '../../test-support/runCli';
import { runCliInProcess } from '../../test-support/runCliInProcess';

const backends = testBackends().filter((b): b is TestBackend => b === 'sqlite' || b === 'mariadb');
// Each backend's CLI is killed at both crash points; the reruns after the kills are split between them.
const reruns = killedDeletionReruns(backends);
const nwb = 'synth_crash.nwb';

// Issue 12 §2 ("Same for v0"): a `v0 delete-files` killed between "flag deleted" and "unlink"
// left the folder flagged forever. Here the CLI process really dies (SIGKILL from the engine's
// crash point, armed by RECOMPUTE_TEST_CRASH_AT); the reruns after it run in process. The v1 twin is ../v1/crashResume.test.ts.
for (const backend of backends)
  describe(`recompute v0 delete-files killed mid-way, then rerun (${backend}, killed spawned CLI)`, () => {
    test(`a kill after the flag or after the move to trash ends, after ${killedDeletionRerunsText(reruns.get(backend)!)}, where an uninterrupted run does`, async () => {
      const db = await createTestDatabase(backend, { migrate: false });
      const baseDir = await mkdtemp(path.join(os.tmpdir(), 'cli-v0-crash-'));
      try {
        const rawFile = path.join(baseDir, 'incoming', nwb);
        await mkdir(path.dirname(rawFile), { recursive: true });
        await writeSyntheticRawNwb({ filePath: rawFile, durationSeconds: 1, tetrodes: 1, seed: 5 });
        const env = { RECOMPUTE_DB_URL: db.url, SPYGLASS_BASE_DIR: baseDir, RECOMPUTE_TEST_CRASH_AT: undefined };
        // Setup, reruns and status checks run in process (milliseconds each); every kill is a real
        // spawned CLI process dying of SIGKILL at the crash point.
        const cli = (...args: string[]) => runCliInProcess([...args, '--json'], env);
        expect((await cli('db', 'migrate')).exitCode).toBe(0);
        const ingested = await cli('ingest', rawFile);
        expect(ingested.exitCode).toBe(0);
        const [[start, end]] = (ingested.json as { validTimes: Array<[number, number]> }).validTimes as [[number, number]];
        expect((await cli('v0', 'sort-group', 'set', nwb, '0', '--electrodes', '0,1,2,3', '--reference', '-2')).exitCode).toBe(0);
        expect(
          (await cli('v0', 'sort-interval', 'add', nwb, 'all', '--start', String(start + 0.1), '--end', String(end - 0.1))).exitCode,
        ).toBe(0);
        const created = await cli('v0', 'recording', 'create', '--nwb-file', nwb, '--sort-group', '0', '--sort-interval', 'all');
        expect(created.exitCode).toBe(0);
        const { recording_path: artefactPath, hash } = created.json as { recording_path: string; hash: string };
        expect((await cli('v0', 'versions', 'populate')).exitCode).toBe(0);
        expect((await cli('v0', 'attempt')).exitCode).toBe(0);
        expect((await cli('v0', 'run')).exitCode).toBe(0);

        await expectKilledDeletionsToResume(
          {
            pipeline: 'v0',
            key: path.basename(artefactPath),
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
