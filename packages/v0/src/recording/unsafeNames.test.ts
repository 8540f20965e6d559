import { existsSync } from 'node:fs';
import { mkdir, readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { addPreprocessingParams, writeSyntheticRawNwb } from '@spyglass-recompute/common';
import { isRecomputeError } from '@spyglass-recompute/errors';
import { IntervalList, SpikeSortingPreprocessingParametersV0, SpikeSortingRecordingV0, flowTestBackends } from '@spyglass-recompute/schema';
import { createV0Engine } from '../recompute/createV0Engine';
import { createV0Recording } from './createV0Recording';
import { loadRecordingPath } from './loadRecordingPath';
import { createV0World, defineV0Recording, ingestRaw, type V0World } from './test-support/v0World';

async function errorOf(
  promise: Promise<unknown>,
): Promise<{ code: string; exitCode: number; message: string; details: Record<string, unknown> }> {
  try {
    await promise;
  } catch (error) {
    if (!isRecomputeError(error)) throw error;
    return { code: error.code, exitCode: error.exitCode, message: error.message, details: error.details };
  }
  throw new Error('expected a typed error');
}

/** Every entry below `dir` with its size and mtime: equal snapshots mean nothing was touched. */
async function treeSnapshot(dir: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const entry of await readdir(dir, { recursive: true })) {
    const info = await stat(path.join(dir, entry));
    out[entry] = `${info.isDirectory() ? 'dir' : info.size}@${info.mtimeMs}`;
  }
  return out;
}

// Issue 12 §1: names that became paths replaced the raw, temp or analysis root with a recording folder.
describe.each(flowTestBackends())('v0 names never become unsafe paths (%s)', (backend) => {
  let world: V0World;
  const em = () => world.db.orm.em;
  const rawNames = ['base_.nwb', '..evil_.nwb', '.._.nwb'];

  beforeAll(async () => {
    world = await createV0World(backend);
    for (const name of rawNames) {
      const raw = path.join(world.dir, 'incoming', name);
      await mkdir(path.dirname(raw), { recursive: true });
      await writeSyntheticRawNwb({ filePath: raw, durationSeconds: 1, tetrodes: 1, seed: 7 });
      await ingestRaw(world, raw);
      const valid = await em().fork().findOneOrFail(IntervalList, { nwb_file_name: name, interval_list_name: 'raw data valid times' });
      const [start, end] = (valid.valid_times as [number, number][])[0] as [number, number];
      await defineV0Recording(world, {
        nwbFileName: name,
        sortGroupId: 0,
        electrodeIds: [0, 1, 2],
        referenceId: 3,
        sortIntervalName: 'demo',
        start: start + 0.05,
        end: end - 0.05,
      });
    }
  });
  afterAll(async () => world?.close());

  test('`v0 params add x/../../raw` is refused: UNSAFE_NAME naming the argument and "/"', async () => {
    const error = await errorOf(addPreprocessingParams(em(), 'v0', { name: 'x/../../raw', frequencyMin: 300, frequencyMax: 6000 }));
    expect(error).toMatchObject({ code: 'UNSAFE_NAME', exitCode: 2, details: { flag: 'NAME', name: 'x/../../raw', character: '/' } });
    expect(await em().fork().count(SpikeSortingPreprocessingParametersV0, { preproc_params_name: 'x/../../raw' })).toBe(0);
  });

  test.each(['x/../../raw', 'qx/../../tmp', '../analysis', 'q../escape'])(
    'params %j stored by another tool: `recording create --params` is refused and nothing on disk changes',
    async (paramsName) => {
      const defaults = await em().fork().findOneOrFail(SpikeSortingPreprocessingParametersV0, { preproc_params_name: 'default' });
      await em()
        .fork()
        .insert(SpikeSortingPreprocessingParametersV0, { preproc_params_name: paramsName, preproc_params: defaults.preproc_params });
      const before = await treeSnapshot(world.dir);
      const error = await errorOf(
        createV0Recording(em(), world.ctx, { nwbFileName: 'base_.nwb', sortGroupId: 0, sortIntervalName: 'demo', paramsName }),
      );
      expect(error).toMatchObject({ code: 'UNSAFE_NAME', exitCode: 2, details: { flag: '--params', name: paramsName, character: '/' } });
      expect(error.message).toContain('--params');
      expect(await treeSnapshot(world.dir)).toEqual(before);
      expect(existsSync(path.join(world.roots.raw, 'base_.nwb'))).toBe(true);
      expect(await em().fork().count(SpikeSortingRecordingV0, {})).toBe(0);
    },
  );

  test('a sort interval named with a slash is refused when added (UNSAFE_NAME naming the argument)', async () => {
    const { addSortInterval } = await import('@spyglass-recompute/common');
    const error = await errorOf(addSortInterval(em(), { nwbFileName: 'base_.nwb', name: '../x', start: 0, end: 1 }));
    expect(error).toMatchObject({ code: 'UNSAFE_NAME', details: { flag: 'NAME', character: '/' } });
  });

  test('`q..` is an ordinary name: its folder stays inside the recording root and leaves other recordings alone', async () => {
    await addPreprocessingParams(em(), 'v0', { name: 'q..', frequencyMin: 300, frequencyMax: 6000 });
    const created = await createV0Recording(em(), world.ctx, {
      nwbFileName: 'base_.nwb',
      sortGroupId: 0,
      sortIntervalName: 'demo',
      paramsName: 'q..',
    });
    expect(created.recording_path).toBe(path.join(world.roots.recording, 'base_.nwb_demo_0_q..'));
    expect(existsSync(created.recording_path)).toBe(true);
  });

  test.each(['..evil_.nwb', '.._.nwb'])(
    'raw file %j: create, delete-files and fetch all work (names that merely start with ".." are safe)',
    async (nwbFileName) => {
      const created = await createV0Recording(em(), world.ctx, { nwbFileName, sortGroupId: 0, sortIntervalName: 'demo' });
      expect(path.dirname(created.recording_path)).toBe(world.roots.recording);
      const engine = createV0Engine({ em: em(), roots: world.roots, environment: world.ctx.environment });
      const run = await engine.populate({ nwb_file_name: nwbFileName });
      expect(run.counts.logged).toBe(1);
      const deleted = await engine.deleteFiles({ nwb_file_name: nwbFileName }, { dryRun: false, yes: true, olderThanDays: 0 });
      expect(deleted.entries.map((entry) => entry.path)).toEqual([created.recording_path]);
      expect(existsSync(created.recording_path)).toBe(false);
      const fetched = await loadRecordingPath(em(), created.key, world.ctx);
      expect(fetched).toMatchObject({ path: created.recording_path, regenerated: true, hash: created.hash });
    },
  );

  test('a stored recording_path outside the recording root (left by the old bug) is never deleted or written', async () => {
    const created = await createV0Recording(em(), world.ctx, { nwbFileName: 'base_.nwb', sortGroupId: 0, sortIntervalName: 'demo' });
    await em()
      .fork()
      .nativeUpdate(SpikeSortingRecordingV0, { ...created.key }, { recording_path: world.roots.raw });
    const engine = createV0Engine({ em: em(), roots: world.roots, environment: world.ctx.environment });
    await engine.populate({ nwb_file_name: 'base_.nwb', preproc_params_name: 'default' });
    const before = await treeSnapshot(world.roots.raw);
    const error = await errorOf(
      engine.deleteFiles({ nwb_file_name: 'base_.nwb', preproc_params_name: 'default' }, { dryRun: false, yes: true, olderThanDays: 0 }),
    );
    expect(error.code).toBe('PATH_OUTSIDE_DATA_ROOTS');
    expect(await treeSnapshot(world.roots.raw)).toEqual(before);
  });
});
