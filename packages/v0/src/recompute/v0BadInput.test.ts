import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, rename, rm, stat, truncate, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { addPreprocessingParams, writeSyntheticRawNwb } from '@spyglass-recompute/common';
import { isRecomputeError } from '@spyglass-recompute/errors';
import {
  IntervalList,
  LabTeam,
  RecordingRecomputeVersionsV0,
  SortGroupV0,
  SpikeSortingPreprocessingParametersV0,
  SpikeSortingRecordingSelectionV0,
  SpikeSortingRecordingV0,
  flowTestBackends,
} from '@spyglass-recompute/schema';
import { createV0Recording } from '../recording/createV0Recording';
import { createV0World, defineV0Recording, ingestRaw, type V0World } from '../recording/test-support/v0World';
import { updateV0Ids } from '../recording/updateV0Ids';
import { readFolderVersions } from './readFolderVersions';
import { v0RecomputeModule } from './v0RecomputeModule';
import { V0RecomputePipeline } from './V0RecomputePipeline';

async function errorOf(promise: Promise<unknown> | (() => unknown)): Promise<{ code: string; exitCode: number; message: string }> {
  try {
    await (typeof promise === 'function' ? promise() : promise);
  } catch (error) {
    if (!isRecomputeError(error)) throw error;
    return { code: error.code, exitCode: error.exitCode, message: error.message };
  }
  throw new Error('expected a typed error');
}

async function snapshot(folder: string): Promise<Record<string, number>> {
  const entries = await readdir(folder, { recursive: true, withFileTypes: true });
  const out: Record<string, number> = {};
  for (const e of entries.filter((x) => x.isFile())) {
    const file = path.join(e.parentPath, e.name);
    out[path.relative(folder, file)] = (await stat(file)).size;
  }
  return out;
}

describe.each(flowTestBackends())('v0 bad input (%s)', (backend) => {
  let world: V0World;
  let nwbFileName: string;
  let start: number;
  let end: number;
  const em = () => world.db.orm.em;
  const keyOf = (sortGroupId: number, paramsName = 'default') => ({
    nwb_file_name: nwbFileName,
    sort_group_id: sortGroupId,
    sort_interval_name: 'first',
    preproc_params_name: paramsName,
    team_name: 'default',
  });

  beforeAll(async () => {
    world = await createV0World(backend);
    const raw = path.join(world.dir, 'incoming', 'synth_bad.nwb');
    await mkdir(path.dirname(raw), { recursive: true });
    await writeSyntheticRawNwb({ filePath: raw, durationSeconds: 1, tetrodes: 2, seed: 5 });
    nwbFileName = await ingestRaw(world, raw);
    const valid = await em().fork().findOneOrFail(IntervalList, { nwb_file_name: nwbFileName, interval_list_name: 'raw data valid times' });
    [start, end] = (valid.valid_times as [number, number][])[0] as [number, number];
    await defineV0Recording(world, {
      nwbFileName,
      sortGroupId: 0,
      electrodeIds: [0, 1, 2, 3],
      referenceId: 4,
      sortIntervalName: 'first',
      start: start + 0.05,
      end: end - 0.05,
    });
    await defineV0Recording(world, {
      nwbFileName,
      sortGroupId: 1,
      electrodeIds: [4, 5, 6, 7],
      referenceId: -2,
      sortIntervalName: 'first',
      start: start + 0.05,
      end: end - 0.05,
    });
    // Rows as an imported database may hold them (setSortGroup refuses both).
    await em().fork().insert(SortGroupV0, { nwb_file_name: nwbFileName, sort_group_id: 7, sort_reference_electrode_id: 99 });
    await em().fork().insert(SortGroupV0, { nwb_file_name: nwbFileName, sort_group_id: 8, sort_reference_electrode_id: -1 });
    await addPreprocessingParams(em(), 'v0', { name: 'nyquist', frequencyMin: 300, frequencyMax: 20000 });
  });
  afterAll(async () => world?.close());

  test.each([
    ['reference electrode outside the file', { sortGroupId: 7 }, 'REFERENCE_INVALID'],
    ['-1 reference (v0 rejects it)', { sortGroupId: 8 }, 'REFERENCE_INVALID'],
    ['unknown sort group', { sortGroupId: 42 }, 'SORT_GROUP_UNKNOWN'],
    ['unknown sort interval', { sortGroupId: 0, sortIntervalName: 'nope' }, 'SORT_INTERVAL_UNKNOWN'],
    ['unknown params', { sortGroupId: 0, paramsName: 'nope' }, 'PARAMS_UNKNOWN'],
    ['unknown team', { sortGroupId: 0, teamName: 'nobody' }, 'TEAM_UNKNOWN'],
    ['freq_max above Nyquist', { sortGroupId: 0, paramsName: 'nyquist' }, 'FILTER_FREQ_ABOVE_NYQUIST'],
  ])('%s → typed error (exit 2), nothing written', async (_label, input, code) => {
    const error = await errorOf(createV0Recording(em(), world.ctx, { nwbFileName, sortIntervalName: 'first', ...input }));
    expect({ code: error.code, exitCode: error.exitCode }).toEqual({ code, exitCode: 2 });
    expect(await readdir(world.roots.recording)).toEqual([]);
    expect(await em().fork().count(SpikeSortingRecordingV0, {})).toBe(0);
    expect(await em().fork().count(SpikeSortingRecordingSelectionV0, {})).toBe(0);
  });

  describe('broken folders', () => {
    let folder0: string;
    let folder1: string;
    beforeAll(async () => {
      folder0 = (await createV0Recording(em(), world.ctx, { nwbFileName, sortGroupId: 0, sortIntervalName: 'first' })).recording_path;
      folder1 = (await createV0Recording(em(), world.ctx, { nwbFileName, sortGroupId: 1, sortIntervalName: 'first' })).recording_path;
      // Forget the creation-time versions so `versions populate` reads the folders again.
      await em().fork().nativeDelete(RecordingRecomputeVersionsV0, {});
    });

    test('another team cannot overwrite a folder that belongs to a recording (folder names omit the team)', async () => {
      await em().fork().insert(LabTeam, { team_name: 'other_team', team_description: '' });
      const before = await snapshot(folder0);
      const error = await errorOf(
        createV0Recording(em(), world.ctx, { nwbFileName, sortGroupId: 0, sortIntervalName: 'first', teamName: 'other_team' }),
      );
      expect(error).toMatchObject({ code: 'V0_FOLDER_IN_USE', exitCode: 2 });
      expect(error.message).toContain(folder0);
      expect(await snapshot(folder0)).toEqual(before);
      expect(await em().fork().count(SpikeSortingRecordingV0, { team_name: 'other_team' })).toBe(0);
    });

    test('missing folder JSON → V0_FOLDER_INVALID naming it; versions populate records the failure; nothing deleted', async () => {
      const saved = await readFile(path.join(folder0, 'si_folder.json'));
      await rm(path.join(folder0, 'si_folder.json'));
      const before = await snapshot(folder0);
      const error = await errorOf(() => readFolderVersions(folder0));
      expect(error.code).toBe('V0_FOLDER_INVALID');
      expect(error.message).toContain('si_folder.json');
      const engine = v0RecomputeModule.createEngine({ em: em(), roots: world.roots, environment: world.ctx.environment });
      const populated = await engine.populateVersions({ nwb_file_name: nwbFileName, sort_group_id: 0 });
      expect(populated.failed.map((f) => f.message)).toEqual([expect.stringContaining('si_folder.json')]);
      const pipeline = new V0RecomputePipeline({ em: em(), roots: world.roots });
      const [artefact] = await engine.artefacts(keyOf(0));
      expect(await pipeline.expectedFailure(artefact!, { spikeinterface: '0.99.1', probeinterface: '0.2.28' })).toContain('si_folder.json');
      expect(await snapshot(folder0)).toEqual(before);
      await writeFile(path.join(folder0, 'si_folder.json'), saved);
    });

    test('two spikeinterface versions in one folder → V0_FOLDER_VERSIONS_INVALID', async () => {
      const file = path.join(folder1, 'binary.json');
      const saved = await readFile(file, 'utf8');
      await writeFile(file, saved.replace('"version": "0.99.1"', '"version": "0.100.0"'));
      const error = await errorOf(() => readFolderVersions(folder1));
      expect(error.code).toBe('V0_FOLDER_VERSIONS_INVALID');
      expect(error.message).toMatch(/0\.100\.0, 0\.99\.1/);
      expect(existsSync(file)).toBe(true);
      await writeFile(file, saved);
      expect(readFolderVersions(folder1)).toEqual({ spikeinterface: '0.99.1', probeinterface: '0.2.28', probeAnnotations: [{}] });
    });

    test('truncated .raw → V0_FOLDER_INVALID naming the file, nothing deleted', async () => {
      const file = path.join(folder1, 'traces_cached_seg0.raw');
      const size = (await stat(file)).size;
      await truncate(file, size - 3);
      const error = await errorOf(() => readFolderVersions(folder1));
      expect(error.code).toBe('V0_FOLDER_INVALID');
      expect(error.message).toContain('traces_cached_seg0.raw is truncated');
      await truncate(file, size - 8); // whole rows, but fewer than the timestamps
      expect((await errorOf(() => readFolderVersions(folder1))).message).toContain('times_cached_seg0.npy has');
      expect(existsSync(file)).toBe(true);
    });

    test('expected failures and the environment gate', async () => {
      const pipeline = new V0RecomputePipeline({ em: em(), roots: world.roots });
      const engine = v0RecomputeModule.createEngine({ em: em(), roots: world.roots, environment: world.ctx.environment });
      const [artefact] = await engine.artefacts(keyOf(0));
      expect(await pipeline.expectedFailure(artefact!, { spikeinterface: '0.99.1', probeinterface: '0.2.28' })).toBeNull();
      expect(await pipeline.expectedFailure(artefact!, { spikeinterface: '0.94.0', probeinterface: '0.2.16' })).toMatch(/0\.94/);
      expect(pipeline.environmentMismatch({ spikeinterface: '0.94.0', probeinterface: '' }, world.ctx.environment.snapshot)).toMatch(
        /0\.94\.0.*0\.99\.1/,
      );
      expect(
        pipeline.environmentMismatch({ spikeinterface: '0.99.1', probeinterface: '0.2.28' }, world.ctx.environment.snapshot),
      ).toBeNull();
      await em()
        .fork()
        .nativeUpdate(
          SpikeSortingPreprocessingParametersV0,
          { preproc_params_name: 'nyquist' },
          { preproc_params: { frequency_min: 300, frequency_max: 20000 } },
        );
      const nyquist = { ...artefact!, key: { ...artefact!.key, preproc_params_name: 'nyquist' } };
      expect(await pipeline.expectedFailure(nyquist, { spikeinterface: '0.99.1', probeinterface: '0.2.28' })).toMatch(/Nyquist/);
      // A sort interval of a few samples: shorter than the filter's padding.
      await em()
        .fork()
        .insert(IntervalList, {
          nwb_file_name: nwbFileName,
          interval_list_name: 'tiny',
          valid_times: [[start + 0.1, start + 0.1005]],
          pipeline: '',
        });
      await em().fork().nativeUpdate(SpikeSortingRecordingSelectionV0, keyOf(0), { interval_list_name: 'tiny' });
      expect(await pipeline.expectedFailure(artefact!, { spikeinterface: '0.99.1', probeinterface: '0.2.28' })).toMatch(/shorter than 35/);
      await em().fork().nativeUpdate(SpikeSortingRecordingSelectionV0, keyOf(0), { interval_list_name: 'raw data valid times' });
    });

    test('resolveKey: folder name, JSON key, unknown and malformed keys', async () => {
      const context = { em: em() };
      expect(await v0RecomputeModule.resolveKey(`${nwbFileName}_first_0_default`, context)).toEqual(keyOf(0));
      expect(await v0RecomputeModule.resolveKey(JSON.stringify(keyOf(1)), context)).toEqual(keyOf(1));
      expect((await errorOf(v0RecomputeModule.resolveKey(`${nwbFileName}_first_5_default`, context))).code).toBe('RECORDING_NOT_FOUND');
      expect((await errorOf(v0RecomputeModule.resolveKey('{"nwb_file_name": "x"}', context))).code).toBe('V0_KEY_INVALID');
      expect((await errorOf(v0RecomputeModule.resolveKey('a/b', context))).code).toBe('V0_KEY_INVALID');
    });

    test('update-ids backfills missing hashes and reports missing folders', async () => {
      await em().fork().nativeUpdate(SpikeSortingRecordingV0, {}, { hash: null, hash_algorithm: null });
      const hashless = await errorOf(createV0Recording(em(), world.ctx, { nwbFileName, sortGroupId: 0, sortIntervalName: 'first' }));
      expect({ code: hashless.code, exitCode: hashless.exitCode }).toEqual({ code: 'RECORDING_HASH_MISSING', exitCode: 2 });
      const moved = `${folder1}.away`;
      await rm(moved, { recursive: true, force: true });
      await rename(folder1, moved);
      const progress: Array<[number, number]> = [];
      const result = await updateV0Ids(em(), world.ctx, {
        restriction: { nwb_file_name: nwbFileName },
        onProgress: (done, total) => progress.push([done, total]),
      });
      // Every row checked is reported, the missing folder included.
      expect(progress.map(([done]) => done)).toEqual(progress.map((_, i) => i + 1));
      expect(progress.at(-1)).toEqual([progress.length, progress.length]);
      expect(result.updated.map((u) => u.key.sort_group_id)).toEqual([0]);
      expect(result.missing.map((m) => m.key.sort_group_id)).toEqual([1]);
      const row = await em().fork().findOneOrFail(SpikeSortingRecordingV0, keyOf(0));
      expect({ hash: row.hash, algorithm: row.hash_algorithm }).toEqual({ hash: result.updated[0]!.hash, algorithm: 'spyglass-dir' });
      expect((await updateV0Ids(em(), world.ctx)).alreadySet).toBe(1);
    });
  });
});
