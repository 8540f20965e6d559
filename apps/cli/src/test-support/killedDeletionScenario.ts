import { readdir } from 'node:fs/promises';
import path from 'node:path';
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

/** Names next to `artefactPath` that stand for it (itself, `.X.deleting-…`, `.X.regen-…`). */
async function entriesOf(artefactPath: string): Promise<string[]> {
  const stem = path.basename(artefactPath, '.nwb');
  return (await readdir(path.dirname(artefactPath))).filter((name) => name.includes(stem)).sort();
}

/**
 * Issue 12 §2: `delete-files` killed between "flag deleted" and "unlink" (and after the move to
 * trash) must, after a rerun of `delete-files` and `fetch`, end where an uninterrupted
 * `delete-files` + `fetch` does. Records the reference states with an uninterrupted run first,
 * then kills the spawned CLI (SIGKILL, no cleanup code runs) at each point, reruns
 * `delete-files` then `fetch`, or `fetch` alone, and compares.
 * Expects the recording matched and present, and no other deletable recording.
 */
export async function expectKilledDeletionsToResume(s: KilledDeletionScenario): Promise<void> {
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

  // 1. Killed after the row is flagged, before the artefact is touched.
  const killed = await killedAt('delete:flagged', pipeline, ...deleteFiles);
  expect(killed.exitCode).toBe(-1); // no exit code: the process died of SIGKILL
  expect(killed.stdout).toBe('');
  expect(await entriesOf(artefactPath)).toEqual([path.basename(artefactPath)]);
  const flaggedButPresent = (await cli(pipeline, 'status')).json as { deleted: number; bytesLeftover: number };
  expect(flaggedButPresent.deleted).toBe(1);
  expect(flaggedButPresent.bytesLeftover).toBeGreaterThan(0);
  const rerun = await cli(pipeline, ...deleteFiles);
  expect(rerun.exitCode).toBe(0);
  expect(rerun.json).toMatchObject({ dryRun: false, entries: [expect.objectContaining({ path: artefactPath, resumed: true })] });
  expect(await entriesOf(artefactPath)).toEqual([]);
  expect((await cli(pipeline, 'status')).json).toEqual(deletedStatus);
  expect((await cli(pipeline, 'fetch', key)).json).toEqual(fetched);
  expect(await entriesOf(artefactPath)).toEqual([path.basename(artefactPath)]);
  expect((await cli(pipeline, 'status')).json).toEqual(verified);

  // 2. Killed after the artefact moved to its `.deleting-` trash, before the trash is removed.
  expect((await killedAt('delete:moved-to-trash', pipeline, ...deleteFiles)).exitCode).toBe(-1);
  const [trash, ...others] = await entriesOf(artefactPath);
  expect(others).toEqual([]);
  expect(trash).toMatch(/\.deleting-[0-9a-f]{8}-\d+-[0-9a-f]{8}$/);
  expect((await cli(pipeline, 'status')).json).toMatchObject({ deleted: 1, leftoverEntries: 1 });
  const rerunTrash = await cli(pipeline, ...deleteFiles);
  expect(rerunTrash.exitCode).toBe(0);
  expect(rerunTrash.json).toMatchObject({ entries: [expect.objectContaining({ path: artefactPath, resumed: true })] });
  expect(await entriesOf(artefactPath)).toEqual([]);
  expect((await cli(pipeline, 'status')).json).toEqual(deletedStatus);
  expect((await cli(pipeline, 'fetch', key)).json).toEqual(fetched);
  expect((await cli(pipeline, 'status')).json).toEqual(verified);

  // 3. The same kills followed by `fetch` alone (the user wants the recording back): a flagged
  // artefact still present is verified and kept, its flag cleared; a dead run's trash is swept
  // and the artefact regenerated. Either way the state is that of an uninterrupted delete + fetch.
  expect((await killedAt('delete:flagged', pipeline, ...deleteFiles)).exitCode).toBe(-1);
  expect((await cli(pipeline, 'fetch', key)).json).toEqual({ ...fetched, regenerated: false });
  expect(await entriesOf(artefactPath)).toEqual([path.basename(artefactPath)]);
  expect((await cli(pipeline, 'status')).json).toEqual(verified);
  expect((await killedAt('delete:moved-to-trash', pipeline, ...deleteFiles)).exitCode).toBe(-1);
  expect((await cli(pipeline, 'fetch', key)).json).toEqual(fetched);
  expect(await entriesOf(artefactPath)).toEqual([path.basename(artefactPath)]);
  expect((await cli(pipeline, 'status')).json).toEqual(verified);
}
