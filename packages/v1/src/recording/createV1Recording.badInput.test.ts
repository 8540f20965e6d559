import { copyFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { withH5File, type H5File } from '@spyglass-recompute/nwb';
import {
  AnalysisNwbfile,
  Electrode,
  IntervalList,
  Nwbfile,
  SortGroupElectrodeV1,
  SortGroupV1,
  SpikeSortingPreprocessingParametersV1,
  SpikeSortingRecordingSelectionV1,
  SpikeSortingRecordingV1,
  flowTestBackends,
} from '@spyglass-recompute/schema';
import { createV1Recording, type CreateV1RecordingInput } from './createV1Recording';
import { createV1World, INTERVAL_NAME, type V1World } from './test-support/v1World';

/** Every file under `dir`, recursively. */
function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? filesUnder(full) : [full];
  });
}

function nwbRoot(file: H5File): void {
  file.create_attribute('neurodata_type', 'NWBFile', null, 'S');
  file.create_attribute('namespace', 'core', null, 'S');
}

describe.each(flowTestBackends())('createV1Recording bad input on %s', (backend) => {
  let world: V1World;
  let pristine: string;
  beforeAll(async () => {
    world = await createV1World(backend, 'short');
    pristine = path.join(world.roots.base, 'pristine.nwb');
    copyFileSync(world.rawPath, pristine);
  }, 60_000);
  afterAll(async () => world?.close());

  const input = (overrides: Partial<CreateV1RecordingInput> = {}): CreateV1RecordingInput => ({
    nwbFileName: world.nwbFileName,
    sortGroupId: 0,
    intervalListName: INTERVAL_NAME,
    ...overrides,
  });

  /** Expects a typed exit-2 error naming `mentions`, and that no row or file was written. */
  async function expectRejected(overrides: Partial<CreateV1RecordingInput>, code: string, mentions: string): Promise<void> {
    const attempt = createV1Recording(world.db.orm.em, { roots: world.roots, environment: world.environment }, input(overrides));
    await expect(attempt).rejects.toMatchObject({ code, exitCode: 2, message: expect.stringContaining(mentions) });
    const em = world.db.orm.em.fork();
    expect(await em.count(SpikeSortingRecordingSelectionV1, {})).toBe(0);
    expect(await em.count(SpikeSortingRecordingV1, {})).toBe(0);
    expect(await em.count(AnalysisNwbfile, {})).toBe(0);
    expect(filesUnder(world.roots.analysis)).toEqual([]);
    expect(filesUnder(world.roots.temp)).toEqual([]);
  }

  /** Replaces the registered raw file's content for one test. */
  async function withRawReplaced(write: (filePath: string) => Promise<void> | void, check: () => Promise<void>): Promise<void> {
    try {
      await write(world.rawPath);
      await check();
    } finally {
      copyFileSync(pristine, world.rawPath);
    }
  }

  it('a raw file that is not NWB/HDF5', async () => {
    await withRawReplaced(
      (filePath) => writeFileSync(filePath, 'not an HDF5 file\n'.repeat(100)),
      () => expectRejected({}, 'RAW_FILE_UNREADABLE', world.rawPath),
    );
  });

  it('an NWB file without an ElectricalSeries', async () => {
    await withRawReplaced(
      (filePath) =>
        withH5File(filePath, 'w', (file) => {
          nwbRoot(file);
          file.create_group('acquisition').create_group('position').create_attribute('neurodata_type', 'SpatialSeries', null, 'S');
        }),
      () => expectRejected({}, 'RAW_NOT_ELECTRICAL_SERIES', world.rawPath),
    );
  });

  it('an ElectricalSeries without timestamps', async () => {
    await withRawReplaced(
      (filePath) =>
        withH5File(filePath, 'w', (file) => {
          nwbRoot(file);
          const series = file.create_group('acquisition').create_group('e-series');
          series.create_attribute('neurodata_type', 'ElectricalSeries', null, 'S');
          series.create_dataset({ name: 'data', data: new Int16Array(80), shape: [10, 8], dtype: '<h' });
        }),
      () => expectRejected({}, 'RAW_TIMESTAMPS_MISSING', 'acquisition/e-series'),
    );
  });

  it('a sort group whose electrodes the raw file does not record', async () => {
    const em = world.db.orm.em.fork();
    for (const electrode_id of [100, 101])
      await em.insert(Electrode, { nwb_file_name: world.nwbFileName, electrode_group_name: '0', electrode_id });
    await em.insert(SortGroupV1, { nwb_file_name: world.nwbFileName, sort_group_id: 7, sort_reference_electrode_id: -2 });
    for (const electrode_id of [0, 100, 101]) {
      await em.insert(SortGroupElectrodeV1, {
        nwb_file_name: world.nwbFileName,
        sort_group_id: 7,
        electrode_group_name: '0',
        electrode_id,
      });
    }
    await expectRejected({ sortGroupId: 7 }, 'SORT_GROUP_ELECTRODE_UNKNOWN', '100, 101');
  });

  it('an interval outside the data', async () => {
    const t0 = Number(world.golden.t0);
    await world.db.orm.em.fork().insert(IntervalList, {
      nwb_file_name: world.nwbFileName,
      interval_list_name: 'later',
      valid_times: [[t0 + 100, t0 + 200]],
      pipeline: '',
    });
    await expectRejected({ intervalListName: 'later' }, 'INTERVAL_OUTSIDE_DATA', 'later');
  });

  it('an interval piece no longer than min_segment_length', async () => {
    const t0 = Number(world.golden.t0);
    await world.db.orm.em.fork().insert(IntervalList, {
      nwb_file_name: world.nwbFileName,
      interval_list_name: 'blip',
      valid_times: [[t0 + 1, t0 + 1.5]],
      pipeline: '',
    });
    await expectRejected({ intervalListName: 'blip' }, 'INTERVAL_OUTSIDE_DATA', 'blip');
    // The refusal says how long the piece is and which flag lowers the minimum (issue 17).
    await expectRejected({ intervalListName: 'blip' }, 'INTERVAL_OUTSIDE_DATA', 'longest piece inside the data is 0.5 s');
    await expectRejected(
      { intervalListName: 'blip' },
      'INTERVAL_OUTSIDE_DATA',
      '--min-segment-length 0.49` — and create with `--params default_short`',
    );
  });

  it('an analysis path escaping the data root: the name rule refuses it (UNSAFE_NAME naming --nwb-file)', async () => {
    const escaping = '../../escape_.nwb';
    await world.db.orm.em.fork().insert(Nwbfile, { nwb_file_name: escaping, nwb_file_abs_path: world.rawPath });
    await expectRejected({ nwbFileName: escaping }, 'UNSAFE_NAME', '--nwb-file "../../escape_.nwb"');
  });

  it('unknown names and invalid parameters', async () => {
    await expectRejected({ nwbFileName: 'nope.nwb' }, 'NWB_FILE_UNKNOWN', 'nope.nwb');
    await expectRejected({ sortGroupId: 42 }, 'SORT_GROUP_UNKNOWN', '42');
    await expectRejected({ sortGroupId: -1 }, 'V1_SELECTION_INVALID', '--sort-group');
    await expectRejected({ intervalListName: 'missing' }, 'INTERVAL_UNKNOWN', 'missing');
    await expectRejected({ paramsName: 'missing' }, 'PARAMS_UNKNOWN', 'missing');
    await expectRejected({ teamName: 'nobody' }, 'TEAM_UNKNOWN', 'nobody');
    await world.db.orm.em.fork().insert(SpikeSortingPreprocessingParametersV1, {
      preproc_param_name: 'nyquist',
      preproc_params: { frequency_min: 300, frequency_max: 20000, margin_ms: 5, seed: 0, min_segment_length: 1 },
    });
    await expectRejected(
      { paramsName: 'nyquist' },
      'FILTER_FREQ_ABOVE_NYQUIST',
      '--frequency-max 20000 Hz is not below the Nyquist frequency',
    );
  });
});
