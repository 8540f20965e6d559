import { readdir } from 'node:fs/promises';
import path from 'node:path';
import type { TestBackend } from '@spyglass-recompute/schema';
import type { CliRun } from './runCli';

/** What {@link expectKilledDeletionsToResume} works on: one matched recording of one pipeline. */
export interface KilledDeletionScenario {
  pipeline: 'v0' | 'v1';
  /** The `fetch` KEY of the recording (v1: recording_id, v0: folder name). */
  key: string;
  /** Its artefact (v1 file, v0 folder) and stored hash. */
  artefactPath: string;
  hash: string;
  /** Runs the CLI with `--json` (no crash point armed). */
  cli: (...args: string[]) => Promise<CliRun>;
  /** Runs the CLI with `--json`, SIGKILLed at the engine's crash point `point` (RECOMPUTE_TEST_CRASH_AT). */
  killedAt: (point: string, ...args: string[]) => Promise<CliRun>;
}

/** The command a user reruns after a killed `delete-files`: `delete-files` again, or `fetch` to get the recording back. */
export type KilledDeletionRerun = 'delete-files' | 'fetch';

/**
 * Which reruns follow the kills on which backend. Every backend gets a real SIGKILL at each crash
 * point (the state a dead process leaves in its database); the reruns that follow are split between
 * the backends (the first reruns `delete-files`, the second `fetch`; a lone backend does both), as
 * each kill costs a spawned CLI. The resume logic of both reruns after both crash points is tested
 * on every backend in process by packages/engine's crashResidue.test.ts (crashResidueSuite).
 */
export function killedDeletionReruns(backends: readonly TestBackend[]): Map<TestBackend, KilledDeletionRerun[]> {
  const reruns: KilledDeletionRerun[] = ['delete-files', 'fetch'];
  if (backends.length === 1) return new Map([[backends[0]!, reruns]]);
  return new Map(backends.map((backend, index) => [backend, [reruns[index % reruns.length]!]]));
}

/** The reruns as a test title says them: "a rerun of delete-files, then fetch", "fetch alone". */
export function killedDeletionRerunsText(reruns: readonly KilledDeletionRerun[]): string {
  return reruns.map((rerun) => (rerun === 'fetch' ? 'fetch alone' : 'a rerun of delete-files, then fetch')).join(', or ');
}

/** Names next to `artefactPath` that stand for it (itself, `.X.deleting-…`, `.X.regen-…`). */
async function entriesOf(artefactPath: string): Promise<string[]> {
  const stem = path.basename(artefactPath, '.nwb');
  return (await readdir(path.dirname(artefactPath))).filter((name) => name.includes(stem)).sort();
}

/**
 * Issue 12 §2: `delete-files` killed between "flag deleted" and "unlink" (and after the move to
 * trash) must, after a rerun of `delete-files` and `fetch`, or of `fetch` alone, end where an
 * uninterrupted `delete-files` + `fetch` does. Records the reference states with an uninterrupted
 * run first, then, for each rerun in `reruns`, kills the spawned CLI (SIGKILL, no cleanup code
 * runs) at each crash point, checks the state the kill left, reruns and compares.
 * Expects the recording matched and present, and no other deletable recording.
 */
export async function expectKilledDeletionsToResume(s: KilledDeletionScenario, reruns: readonly KilledDeletionRerun[]): Promise<void> {
  const { cli, killedAt, pipeline, key, artefactPath, hash } = s;
  const deleteFiles = ['delete-files', '--older-than', '0d', '--yes'];
  const fetched = { path: artefactPath, regenerated: true, hash };
  const verified = (await cli(pipeline, 'status')).json;
  expect(verified).toMatchObject({ matched: 1, deleted: 0, bytesLeftover: 0, leftoverEntries: 0 });

  // The reference: an uninterrupted delete-files, then fetch.
  expect((await cli(pipeline, ...deleteFiles)).exitCode).toBe(0);
  expect(await entriesOf(artefactPath)).toEqual([]);
  const deletedStatus = (await cli(pipeline, 'status')).json;
  expect(deletedStatus).toMatchObject({ deleted: 1, bytesLeftover: 0, leftoverEntries: 0 });
  expect((await cli(pipeline, 'fetch', key)).json).toEqual(fetched);
  expect((await cli(pipeline, 'status')).json).toEqual(verified);

  /** Killed after the row is flagged, before the artefact is touched: flagged, artefact still there. */
  const killAfterFlag = async () => {
    const killed = await killedAt('delete:flagged', pipeline, ...deleteFiles);
    expect(killed.exitCode).toBe(-1); // no exit code: the process died of SIGKILL
    expect(killed.stdout).toBe('');
    expect(await entriesOf(artefactPath)).toEqual([path.basename(artefactPath)]);
    const flaggedButPresent = (await cli(pipeline, 'status')).json as { deleted: number; bytesLeftover: number };
    expect(flaggedButPresent.deleted).toBe(1);
    expect(flaggedButPresent.bytesLeftover).toBeGreaterThan(0);
  };
  /** Killed after the artefact moved to its `.deleting-` trash, before the trash is removed. */
  const killAfterTrash = async () => {
    expect((await killedAt('delete:moved-to-trash', pipeline, ...deleteFiles)).exitCode).toBe(-1);
    const [trash, ...others] = await entriesOf(artefactPath);
    expect(others).toEqual([]);
    expect(trash).toMatch(/\.deleting-[0-9a-f]{8}-\d+-[0-9a-f]{8}$/);
    expect((await cli(pipeline, 'status')).json).toMatchObject({ deleted: 1, leftoverEntries: 1 });
  };

  for (const rerun of reruns) {
    if (rerun === 'delete-files') {
      // The rerun of delete-files finishes the deletion (resumed), and fetch brings the artefact back.
      for (const kill of [killAfterFlag, killAfterTrash]) {
        await kill();
        const resumed = await cli(pipeline, ...deleteFiles);
        expect(resumed.exitCode).toBe(0);
        expect(resumed.json).toMatchObject({ dryRun: false, entries: [expect.objectContaining({ path: artefactPath, resumed: true })] });
        expect(await entriesOf(artefactPath)).toEqual([]);
        expect((await cli(pipeline, 'status')).json).toEqual(deletedStatus);
        expect((await cli(pipeline, 'fetch', key)).json).toEqual(fetched);
        expect(await entriesOf(artefactPath)).toEqual([path.basename(artefactPath)]);
        expect((await cli(pipeline, 'status')).json).toEqual(verified);
      }
    } else {
      // `fetch` alone (the user wants the recording back): a flagged artefact still present is
      // verified and kept, its flag cleared; a dead run's trash is swept and the artefact
      // regenerated. Either way the state is that of an uninterrupted delete + fetch.
      await killAfterFlag();
      expect((await cli(pipeline, 'fetch', key)).json).toEqual({ ...fetched, regenerated: false });
      expect(await entriesOf(artefactPath)).toEqual([path.basename(artefactPath)]);
      expect((await cli(pipeline, 'status')).json).toEqual(verified);
      await killAfterTrash();
      expect((await cli(pipeline, 'fetch', key)).json).toEqual(fetched);
      expect(await entriesOf(artefactPath)).toEqual([path.basename(artefactPath)]);
      expect((await cli(pipeline, 'status')).json).toEqual(verified);
    }
  }
}
