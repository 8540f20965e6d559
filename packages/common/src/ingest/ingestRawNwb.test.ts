import { readFileSync } from 'node:fs';
import { copyFile, mkdir, mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { withH5File } from '@spyglass-recompute/nwb';
import { readNpy, rawValidTimes } from '@spyglass-recompute/preprocessing';
import {
  createTestDatabase,
  Electrode,
  ElectrodeGroup,
  IntervalList,
  LabTeam,
  Nwbfile,
  Probe,
  ProbeType,
  Session,
  SortGroupElectrodeV0,
  SortGroupElectrodeV1,
  SortGroupV0,
  SortGroupV1,
  SpikeSortingPreprocessingParametersV0,
  SpikeSortingPreprocessingParametersV1,
  flowTestBackends,
  type TestDatabase,
} from '@spyglass-recompute/schema';
import { writeSyntheticRawNwb } from '../synthetic/writeSyntheticRawNwb';
import { fileFingerprint } from './fileFingerprint';
import { ingestRawNwb, type IngestSummary } from './ingestRawNwb';

const FIXTURES = path.resolve(__dirname, '../../../../../shared/fixtures');
const SHORT = path.join(FIXTURES, 'spikesorting/short');
const ORACLE = path.join(SHORT, 'raw/oracle_raw.nwb');
const golden = JSON.parse(readFileSync(path.join(SHORT, 'golden.json'), 'utf8')) as {
  raw_file_md5: string;
  raw_shape: [number, number];
  channel_ids: number[];
  raw_properties: Record<string, string>;
  preproc_params: Record<string, number>;
};

/** Parses a numpy `array([...])` repr of numbers/booleans from golden.json. */
function numpyArray(text: string): number[] {
  const inner = /array\(\[([^\]]*)\]/.exec(text)?.[1] ?? '';
  return inner
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .map((s) => (s === 'True' ? 1 : s === 'False' ? 0 : Number(s)));
}

// The 600-tetrode file (1.4 s to write) is the same for every backend: written once, copied into
// each backend's raw root.
let manyTetrodesSource: string;
let sharedDir: string;
beforeAll(async () => {
  sharedDir = await mkdtemp(path.join(os.tmpdir(), 'ingest-shared-'));
  manyTetrodesSource = path.join(sharedDir, 'many_tetrodes.nwb');
  await writeSyntheticRawNwb({ filePath: manyTetrodesSource, durationSeconds: 0.02, tetrodes: 600 });
});
afterAll(async () => rm(sharedDir, { recursive: true, force: true }));

describe.each(flowTestBackends())('ingestRawNwb (%s)', (backend) => {
  let db: TestDatabase;
  let dir: string;
  let rawRoot: string;
  let outsideCopy: string;
  beforeAll(async () => {
    db = await createTestDatabase(backend);
    dir = await mkdtemp(path.join(os.tmpdir(), 'ingest-test-'));
    rawRoot = path.join(dir, 'raw');
    // The fixture is read-only shared data: ingest a copy that lies outside the raw root.
    await mkdir(path.join(dir, 'incoming'));
    outsideCopy = path.join(dir, 'incoming', 'oracle_raw.nwb');
    await copyFile(ORACLE, outsideCopy);
  });
  afterAll(async () => {
    await db.drop();
    await rm(dir, { recursive: true, force: true });
  });

  it('registers the oracle raw file: every common row, defaults for v0 and v1', async () => {
    const summary = (await ingestRawNwb(db.orm.em, { rawPath: outsideCopy, roots: { raw: rawRoot } })) as IngestSummary;
    const registeredPath = path.join(rawRoot, 'oracle_raw.nwb');
    expect(summary).toMatchObject({
      alreadyIngested: false,
      nwbFileName: 'oracle_raw.nwb',
      nwbFileAbsPath: registeredPath,
      copied: true,
      team: 'default',
      seriesName: 'e-series',
      numSamples: golden.raw_shape[0],
      numChannels: golden.raw_shape[1],
      samplingRate: 30000,
      probes: ['tetrode_12.5'],
      electrodeGroups: ['0', '1'],
      electrodeCount: golden.channel_ids.length,
      warnings: [],
    });
    // copied byte for byte, and nothing else (no temp file) left in the raw root
    expect((await fileFingerprint(registeredPath)).md5).toBe(golden.raw_file_md5);
    expect(await readdir(rawRoot)).toEqual(['oracle_raw.nwb']);

    const em = db.orm.em.fork();
    expect(await em.find(Nwbfile, {})).toEqual([
      expect.objectContaining({ nwb_file_name: 'oracle_raw.nwb', nwb_file_abs_path: registeredPath }),
    ]);
    const [session] = await em.find(Session, {});
    expect(session).toMatchObject({
      nwb_file_name: 'oracle_raw.nwb',
      session_id: 'oracle_20230622',
      session_description: 'oracle test session',
    });
    expect(new Date(session.session_start_time as Date).toISOString()).toBe('2023-06-22T10:30:00.000Z');
    expect(await em.find(LabTeam, {})).toEqual([expect.objectContaining({ team_name: 'default' })]);
    expect(await em.find(ProbeType, {})).toEqual([
      expect.objectContaining({ probe_type: 'tetrode_12.5', probe_description: 'tetrode_12.5', manufacturer: 'oracle', num_shanks: 1 }),
    ]);
    expect(await em.find(Probe, {})).toEqual([
      expect.objectContaining({ probe_id: 'tetrode_12.5', probe_type: 'tetrode_12.5', num_shanks: 1, contact_side_numbering: true }),
    ]);
    const groups = await em.find(ElectrodeGroup, {}, { orderBy: { electrode_group_name: 'asc' } });
    expect(groups.map((g) => [g.electrode_group_name, g.probe_id, g.description, g.target_hemisphere])).toEqual([
      ['0', 'tetrode_12.5', 'tetrode 0', 'Unknown'],
      ['1', 'tetrode_12.5', 'tetrode 1', 'Unknown'],
    ]);

    const electrodes = await em.find(Electrode, {}, { orderBy: { electrode_id: 'asc' } });
    const props = golden.raw_properties;
    expect(electrodes.map((e) => e.electrode_id)).toEqual(golden.channel_ids);
    expect(electrodes.map((e) => Number(e.electrode_group_name))).toEqual(numpyArray(props.group));
    expect(electrodes.map((e) => e.probe_shank)).toEqual(numpyArray(props.probe_shank));
    expect(electrodes.map((e) => e.probe_electrode)).toEqual(numpyArray(props.probe_electrode));
    expect(electrodes.map((e) => Number(Boolean(e.bad_channel)))).toEqual(numpyArray(props.bad_channel));
    expect(electrodes.map((e) => e.original_reference_electrode)).toEqual(numpyArray(props.ref_elect_id));
    // imp is all NaN in the file: stored as NULL, as DataJoint does
    expect(numpyArray(props.imp).every(Number.isNaN)).toBe(true);
    expect(electrodes.map((e) => e.impedance)).toEqual(electrodes.map(() => null));
    // golden keeps only the first character of these strings (spikeinterface's <U1 quirk)
    expect(electrodes.map((e) => e.location[0])).toEqual(numpyArray(props.brain_area).map(() => 'C'));
    expect(electrodes.map((e) => [e.location, e.filtering, e.probe_id])).toEqual(electrodes.map(() => ['CA1', 'none', 'tetrode_12.5']));
    expect(electrodes.map((e) => [e.x, e.y, e.z])).toEqual([
      [0, 0, 0],
      [0, 1, 0],
      [0, 2, 0],
      [0, 3, 0],
      [100, 0, 0],
      [100, 1, 0],
      [100, 2, 0],
      [100, 3, 0],
    ]);

    const timestamps = (await readNpy(path.join(SHORT, 'npy/raw_timestamps.npy'))).data as Float64Array;
    const expectedValid = [[timestamps[0] - 1e-7, timestamps[timestamps.length - 1] + 1e-7]];
    expect(summary.validTimes).toEqual(expectedValid);
    const valid = await em.findOne(IntervalList, { nwb_file_name: 'oracle_raw.nwb', interval_list_name: 'raw data valid times' });
    expect(valid?.valid_times).toEqual(expectedValid);

    const v0Params = await em.findOne(SpikeSortingPreprocessingParametersV0, { preproc_params_name: 'default' });
    const v1Params = await em.findOne(SpikeSortingPreprocessingParametersV1, { preproc_param_name: 'default' });
    expect(v1Params?.preproc_params).toEqual(golden.preproc_params);
    const { min_segment_length: _dropped, ...v0Expected } = golden.preproc_params;
    expect(v0Params?.preproc_params).toEqual(v0Expected);

    for (const [master, part] of [
      [SortGroupV0, SortGroupElectrodeV0],
      [SortGroupV1, SortGroupElectrodeV1],
    ] as const) {
      const sortGroups = await em.find(master as typeof SortGroupV0, {}, { orderBy: { sort_group_id: 'asc' } });
      expect(sortGroups.map((g) => [g.sort_group_id, g.sort_reference_electrode_id])).toEqual([
        [0, -1],
        [1, -1],
      ]);
      const parts = await em.find(part as typeof SortGroupElectrodeV0, {}, { orderBy: { sort_group_id: 'asc', electrode_id: 'asc' } });
      expect(parts.map((p) => [p.sort_group_id, p.electrode_group_name, p.electrode_id])).toEqual([
        [0, '0', 0],
        [0, '0', 1],
        [0, '0', 2],
        [0, '0', 3],
        [1, '1', 4],
        [1, '1', 5],
        [1, '1', 6],
        [1, '1', 7],
      ]);
    }
    expect(summary.sortGroups).toEqual([
      { sortGroupId: 0, electrodeGroupName: '0', electrodeIds: [0, 1, 2, 3], referenceId: -1 },
      { sortGroupId: 1, electrodeGroupName: '1', electrodeIds: [4, 5, 6, 7], referenceId: -1 },
    ]);
  });

  it('re-ingesting the same file (from outside or from the raw root) is a no-op', async () => {
    const registeredPath = path.join(rawRoot, 'oracle_raw.nwb');
    await expect(ingestRawNwb(db.orm.em, { rawPath: outsideCopy, roots: { raw: rawRoot } })).resolves.toEqual({
      alreadyIngested: true,
      nwbFileName: 'oracle_raw.nwb',
      nwbFileAbsPath: registeredPath,
    });
    await expect(ingestRawNwb(db.orm.em, { rawPath: registeredPath, roots: { raw: rawRoot }, team: 'other' })).resolves.toMatchObject({
      alreadyIngested: true,
    });
    const em = db.orm.em.fork();
    expect(await em.count(Electrode, {})).toBe(golden.channel_ids.length);
    expect(await em.count(LabTeam, {})).toBe(1);
  });

  it('a different file with a registered name is NWB_NAME_CONFLICT and changes nothing', async () => {
    const otherDir = path.join(dir, 'other');
    await mkdir(otherDir);
    const other = path.join(otherDir, 'oracle_raw.nwb');
    await writeSyntheticRawNwb({ filePath: other, durationSeconds: 1, tetrodes: 1 });
    await expect(ingestRawNwb(db.orm.em, { rawPath: other, roots: { raw: rawRoot } })).rejects.toMatchObject({
      code: 'NWB_NAME_CONFLICT',
      exitCode: 2,
      message: expect.stringContaining('oracle_raw.nwb'),
    });
    expect((await fileFingerprint(path.join(rawRoot, 'oracle_raw.nwb'))).md5).toBe(golden.raw_file_md5);
    expect(await db.orm.em.fork().count(Electrode, {})).toBe(golden.channel_ids.length);
  });

  it('a synthetic file with a timestamp gap gets two valid-time pieces (equal to rawValidTimes) and per-shank sort groups', async () => {
    const filePath = path.join(rawRoot, 'synthetic_gap.nwb');
    await writeSyntheticRawNwb({ filePath, durationSeconds: 2, tetrodes: 3, gapFraction: 0.25, gapSeconds: 0.5 });
    const summary = (await ingestRawNwb(db.orm.em, {
      rawPath: filePath,
      roots: { raw: rawRoot },
      team: 'LorenLab',
      sortGroups: 'shank',
    })) as IngestSummary;
    expect(summary).toMatchObject({ copied: false, nwbFileAbsPath: filePath, team: 'LorenLab', electrodeCount: 12 });
    const timestamps = await withH5File(filePath, 'r', (file) =>
      Float64Array.from((file.get('acquisition/e-series/timestamps') as unknown as { value: Float64Array }).value),
    );
    const expected = rawValidTimes(timestamps, summary.samplingRate, false);
    expect(expected).toHaveLength(2);
    expect(summary.validTimes).toEqual(expected);
    const em = db.orm.em.fork();
    expect(
      (await em.findOne(IntervalList, { nwb_file_name: 'synthetic_gap.nwb', interval_list_name: 'raw data valid times' }))?.valid_times,
    ).toEqual(expected);
    expect(summary.sortGroups.map((g) => [g.sortGroupId, g.electrodeGroupName, g.probeShank, g.electrodeIds])).toEqual([
      [0, '0', 0, [0, 1, 2, 3]],
      [1, '1', 0, [4, 5, 6, 7]],
      [2, '2', 0, [8, 9, 10, 11]],
    ]);
    expect(await em.count(SortGroupElectrodeV1, { nwb_file_name: 'synthetic_gap.nwb' })).toBe(12);
    expect(await em.count(LabTeam, {})).toBe(2);
    // the probe row from the first file is reused, not duplicated
    expect(await em.count(Probe, {})).toBe(1);
  });
  it('stores thousands of electrodes (batched inserts stay under SQLite/MySQL parameter limits)', async () => {
    const filePath = path.join(rawRoot, 'many_tetrodes.nwb');
    await copyFile(manyTetrodesSource, filePath);
    const summary = (await ingestRawNwb(db.orm.em, { rawPath: filePath, roots: { raw: rawRoot } })) as IngestSummary;
    expect(summary.electrodeCount).toBe(2400);
    const em = db.orm.em.fork();
    expect(await em.count(Electrode, { nwb_file_name: 'many_tetrodes.nwb' })).toBe(2400);
    expect(await em.count(SortGroupV0, { nwb_file_name: 'many_tetrodes.nwb' })).toBe(600);
    expect(await em.count(SortGroupElectrodeV1, { nwb_file_name: 'many_tetrodes.nwb' })).toBe(2400);
  });
  it('two concurrent ingests of the same new file register it once and keep the copy', async () => {
    const incoming = path.join(dir, 'incoming', 'concurrent.nwb');
    await writeSyntheticRawNwb({ filePath: incoming, durationSeconds: 0.5, tetrodes: 1, seed: 3 });
    const results = await Promise.all([0, 1].map(() => ingestRawNwb(db.orm.em, { rawPath: incoming, roots: { raw: rawRoot } })));
    expect(results.map((r) => r.alreadyIngested).sort()).toEqual([false, true]);
    const registered = path.join(rawRoot, 'concurrent.nwb');
    expect(results.map((r) => r.nwbFileAbsPath)).toEqual([registered, registered]);
    expect((await fileFingerprint(registered)).md5).toBe((await fileFingerprint(incoming)).md5);
    expect(await db.orm.em.fork().count(Nwbfile, { nwb_file_name: 'concurrent.nwb' })).toBe(1);
    expect((await readdir(rawRoot)).filter((name) => name.includes('tmp'))).toEqual([]);
  });
});
