import { existsSync } from 'node:fs';
import { mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { addPreprocessingParams, RAW_VALID_TIMES_INTERVAL, writeSyntheticRawNwb } from '@spyglass-recompute/common';
import { hashDirectory } from '@spyglass-recompute/nwb';
import { isRecomputeError } from '@spyglass-recompute/errors';
import { IntervalList, SpikeSortingPreprocessingParametersV0, UserEnvironment, flowTestBackends } from '@spyglass-recompute/schema';
import { createV0Recording } from '../recording/createV0Recording';
import { loadRecordingPath } from '../recording/loadRecordingPath';
import { createV0World, defineV0Recording, ingestRaw, type V0World } from '../recording/test-support/v0World';
import { v0RecomputeModule } from './v0RecomputeModule';

const OTHER_ENV = 'tester_other_00';

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection');
}

// create → attempt → run → delete-files → fetch, on a synthetic raw file with a timestamp gap.
describe.each(flowTestBackends())('v0 life cycle (%s)', (backend) => {
  let world: V0World;
  let nwbFileName: string;
  beforeAll(async () => {
    world = await createV0World(backend);
    const raw = path.join(world.dir, 'incoming', 'synth_gap.nwb');
    await mkdir(path.dirname(raw), { recursive: true });
    await writeSyntheticRawNwb({ filePath: raw, durationSeconds: 2, tetrodes: 2, gapFraction: 0.5, gapSeconds: 0.5, seed: 3 });
    nwbFileName = await ingestRaw(world, raw);
    const valid = await world.db.orm.em
      .fork()
      .findOneOrFail(IntervalList, { nwb_file_name: nwbFileName, interval_list_name: RAW_VALID_TIMES_INTERVAL });
    expect(valid.valid_times).toHaveLength(2);
    const [[a0], [, b1]] = valid.valid_times as [[number, number], [number, number]];
    await defineV0Recording(world, {
      nwbFileName,
      sortGroupId: 0,
      electrodeIds: [0, 1, 2, 3],
      referenceId: 4,
      sortIntervalName: 'gap',
      start: a0 + 0.1,
      end: b1 - 0.1,
    });
    await defineV0Recording(world, {
      nwbFileName,
      sortGroupId: 1,
      electrodeIds: [4, 5, 6, 7],
      referenceId: -2,
      sortIntervalName: 'gap',
      start: a0 + 0.1,
      end: b1 - 0.1,
    });
    await addPreprocessingParams(world.db.orm.em, 'v0', { name: 'alt', frequencyMin: 300, frequencyMax: 5000 });
    await world.db.orm.em.fork().insert(UserEnvironment, {
      env_id: OTHER_ENV,
      env_hash: 'e'.repeat(32),
      hash_algorithm: 'md5',
      env: world.ctx.environment.snapshot,
      timestamp: new Date(),
      has_editable: false,
    });
  });
  afterAll(async () => world?.close());

  const otherEngine = () =>
    v0RecomputeModule.createEngine({
      em: world.db.orm.em,
      roots: world.roots,
      environment: { envId: OTHER_ENV, snapshot: world.ctx.environment.snapshot },
    });

  test('a sort interval spanning a gap writes one traces/times file per segment; regeneration matches; fetch regenerates after deletion', async () => {
    const created = await createV0Recording(world.db.orm.em, world.ctx, { nwbFileName, sortGroupId: 0, sortIntervalName: 'gap' });
    const files = (await readdir(created.recording_path)).filter((f) => /^(traces|times)_cached/.test(f)).sort();
    expect(files).toEqual(['times_cached_seg0.npy', 'times_cached_seg1.npy', 'traces_cached_seg0.raw', 'traces_cached_seg1.raw']);
    const key = {
      nwb_file_name: nwbFileName,
      sort_group_id: 0,
      sort_interval_name: 'gap',
      preproc_params_name: 'default',
      team_name: 'default',
    };
    const folderName = `${nwbFileName}_gap_0_default`;
    expect(await v0RecomputeModule.resolveKey(folderName, { em: world.db.orm.em })).toEqual(key);

    const engine = otherEngine();
    const attempted = await engine.attempt({ nwb_file_name: nwbFileName, sort_group_id: 0 });
    expect(attempted.inserted.map((row) => row.recording)).toEqual([key]);
    const run = await engine.populate({ nwb_file_name: nwbFileName, sort_group_id: 0 });
    expect(run.outcomes.map((o) => [o.outcome, o.errMsg ?? null])).toEqual([['matched', null]]);
    expect(existsSync(engine.temporaryPath((await engine.artefacts(key))[0]!))).toBe(false);

    const deleted = await engine.deleteFiles(
      { nwb_file_name: nwbFileName, sort_group_id: 0 },
      { dryRun: false, yes: true, olderThanDays: 0 },
    );
    expect(deleted.entries).toHaveLength(1);
    expect(existsSync(created.recording_path)).toBe(false);

    const fetched = await loadRecordingPath(world.db.orm.em, folderName, world.ctx);
    expect(fetched).toEqual({ path: created.recording_path, regenerated: true, hash: created.hash });
    expect((await hashDirectory(created.recording_path)).hash).toBe(created.hash);
    const again = await loadRecordingPath(world.db.orm.em, key, world.ctx);
    expect(again.regenerated).toBe(false);
  });

  test('a mismatch records Name/Hash rows naming the files; fetch of a deleted mismatching folder fails with exit 4 and leaves nothing', async () => {
    const created = await createV0Recording(world.db.orm.em, world.ctx, {
      nwbFileName,
      sortGroupId: 1,
      sortIntervalName: 'gap',
      paramsName: 'alt',
    });
    const key = {
      nwb_file_name: nwbFileName,
      sort_group_id: 1,
      sort_interval_name: 'gap',
      preproc_params_name: 'alt',
      team_name: 'default',
    };
    // The parameters change after creation (and an extra file appears): regeneration can no longer match.
    await world.db.orm.em
      .fork()
      .nativeUpdate(
        SpikeSortingPreprocessingParametersV0,
        { preproc_params_name: 'alt' },
        { preproc_params: { frequency_min: 300, frequency_max: 5500, margin_ms: 5, seed: 0 } },
      );
    await writeFile(path.join(created.recording_path, 'notes.txt'), 'hand-made\n');

    const engine = otherEngine();
    await engine.attempt(key);
    const run = await engine.populate(key);
    expect(run.outcomes.map((o) => o.outcome)).toEqual(['mismatched']);
    const [diff] = await engine.diff({ recording: key, envId: OTHER_ENV });
    expect(diff!.row.matched).toBe(false);
    expect(diff!.names).toEqual([{ name: 'notes.txt', missingFrom: 'new' }]);
    const hashNames = diff!.hashes.map((h) => h.name);
    expect(hashNames).toEqual(expect.arrayContaining(['provenance.json', 'traces_cached_seg0.raw', 'traces_cached_seg1.raw']));
    const traces = diff!.hashes.find((h) => h.name === 'traces_cached_seg0.raw')!;
    expect(traces.maxAbsDiff).toBeGreaterThan(0);
    expect(traces.maxRelDiff).toBeGreaterThan(0);
    expect(traces.algorithm).toBe('spyglass-dir');
    expect(diff!.hashes.find((h) => h.name === 'provenance.json')!.maxAbsDiff).toBeNull();

    // Deleted anyway (e.g. by hand): fetch regenerates, sees the hash differ, raises exit 4 and leaves no folder.
    await rm(created.recording_path, { recursive: true });
    const error = await rejection(loadRecordingPath(world.db.orm.em, key, world.ctx));
    expect(isRecomputeError(error) && { code: error.code, exitCode: error.exitCode }).toEqual({
      code: 'REGENERATED_HASH_MISMATCH',
      exitCode: 4,
    });
    expect(existsSync(created.recording_path)).toBe(false);
    expect((await readdir(world.roots.recording)).filter((name) => name.includes('_gap_1_alt'))).toEqual([]);
  });
});
