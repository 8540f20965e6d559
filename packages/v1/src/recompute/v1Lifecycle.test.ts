import { existsSync, readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { hashNwbFile } from '@spyglass-recompute/nwb';
import {
  Electrode,
  RecordingRecomputeSelectionV1,
  RecordingRecomputeVersionsV1,
  SpikeSortingPreprocessingParametersV1,
  SpikeSortingRecordingV1,
  flowTestBackends,
} from '@spyglass-recompute/schema';
import { createV1Recording, type CreateV1RecordingResult } from '../recording/createV1Recording';
import { fetchNwb } from '../recording/fetchNwb';
import { createV1World, INTERVAL_NAME, type V1World } from '../recording/test-support/v1World';
import { updateV1Ids } from '../recording/updateV1Ids';
import { V1_GENERATOR_KEY } from './v1GeneratorVersion';
import { v1RecomputeModule } from './v1RecomputeModule';

const DEFAULT_PARAMS = { frequency_min: 300, frequency_max: 6000, margin_ms: 5, seed: 0, min_segment_length: 1 };

describe.each(flowTestBackends())('v1 life cycle on %s', (backend) => {
  let world: V1World;
  let g0: CreateV1RecordingResult;
  let g1: CreateV1RecordingResult;
  const later = () => new Date(Date.now() + 60_000);
  const engine = () =>
    v1RecomputeModule.createEngine({ em: world.db.orm.em, roots: world.roots, environment: world.environment, now: later });
  const context = () => ({ roots: world.roots, environment: world.environment });
  const setDefaultParams = (params: Record<string, number>) =>
    world.db.orm.em
      .fork()
      .nativeUpdate(SpikeSortingPreprocessingParametersV1, { preproc_param_name: 'default' }, { preproc_params: params });

  beforeAll(async () => {
    world = await createV1World(backend, 'short');
    g0 = await createV1Recording(world.db.orm.em, context(), {
      nwbFileName: world.nwbFileName,
      sortGroupId: 0,
      intervalListName: INTERVAL_NAME,
    });
    g1 = await createV1Recording(world.db.orm.em, context(), {
      nwbFileName: world.nwbFileName,
      sortGroupId: 1,
      intervalListName: INTERVAL_NAME,
    });
  }, 120_000);
  afterAll(async () => world?.close());

  it('creation stores the recording row, the versions and a logged_at_creation selection', async () => {
    const em = world.db.orm.em.fork();
    const row = await em.findOneOrFail(SpikeSortingRecordingV1, { recording_id: g0.recording_id });
    expect(row).toMatchObject({ analysis_file_name: g0.analysis_file_name, hash: g0.hash, hash_algorithm: 'spyglass-nwb' });
    const ids = (await hashNwbFile(g0.path, { objects: true })).objects ?? {};
    expect(Object.keys(ids)).toContain('acquisition/ProcessedElectricalSeries');
    expect(row.object_id).toMatch(/^[0-9a-f-]{36}$/);
    expect(row.electrodes_id).toMatch(/^[0-9a-f-]{36}$/);
    const versions = await em.findOneOrFail(RecordingRecomputeVersionsV1, { recording_id: g0.recording_id });
    expect(versions.nwb_deps).toMatchObject({
      core: '2.6.0-alpha',
      'hdmf-common': '1.5.1',
      'hdmf-experimental': '0.2.0',
      [V1_GENERATOR_KEY]: expect.any(String),
    });
    const selections = await em.find(RecordingRecomputeSelectionV1, { recording_id: g0.recording_id });
    expect(selections.map((s) => ({ env_id: s.env_id, rounding: s.rounding, logged: Boolean(s.logged_at_creation) }))).toEqual([
      { env_id: world.environment.envId, rounding: 4, logged: true },
    ]);
    expect(await v1RecomputeModule.resolveKey(g0.recording_id.toUpperCase(), { em: world.db.orm.em })).toEqual({
      recording_id: g0.recording_id,
    });
    await expect(v1RecomputeModule.resolveKey('01234567-89ab-4cde-8f01-23456789abcd', { em: world.db.orm.em })).rejects.toMatchObject({
      code: 'RECORDING_NOT_FOUND',
      exitCode: 2,
    });
    // Same selection again: the existing recording, nothing new written.
    const again = await createV1Recording(world.db.orm.em, context(), {
      nwbFileName: world.nwbFileName,
      sortGroupId: 0,
      intervalListName: INTERVAL_NAME,
    });
    expect(again).toEqual({ ...g0, created: false });
  });

  it('attempt → run matches; delete-files dry run then real run; fetch regenerates the identical file', async () => {
    const key = { recording_id: g0.recording_id };
    const attempted = await engine().attempt(key, { params: { rounding: 6 } });
    expect(attempted.inserted).toHaveLength(1);
    const run = await engine().populate(key);
    expect(run.counts).toMatchObject({ logged: 1, matched: 1, error: 0, mismatched: 0 });
    const status = await engine().status(key);
    expect(status).toMatchObject({ matched: 2, pending: 0, bytesReclaimable: expect.any(Number) });
    expect(status.bytesReclaimable).toBeGreaterThan(100_000);

    const dry = await engine().deleteFiles(key, { olderThanDays: 0 });
    expect(dry.dryRun).toBe(true);
    expect(dry.entries.map((e) => e.path)).toEqual([g0.path]);
    expect(dry.bytes).toBe(status.bytesReclaimable);
    expect(existsSync(g0.path)).toBe(true);

    const real = await engine().deleteFiles(key, { olderThanDays: 0, dryRun: false, yes: true });
    expect(real.bytes).toBe(dry.bytes);
    expect(existsSync(g0.path)).toBe(false);
    expect((await engine().status(key)).deleted).toBe(2);

    const fetched = await fetchNwb(world.db.orm.em, key, context());
    expect(fetched).toEqual({ path: g0.path, regenerated: true, hash: g0.hash });
    expect((await hashNwbFile(g0.path)).hash).toBe(g0.hash);
    expect(await fetchNwb(world.db.orm.em, key, context())).toEqual({ path: g0.path, regenerated: false, hash: g0.hash });
  }, 120_000);

  it('a tampered source (changed params row) makes fetch fail with exit 4 and leaves no file behind', async () => {
    const key = { recording_id: g0.recording_id };
    rmSync(g0.path);
    await setDefaultParams({ ...DEFAULT_PARAMS, frequency_max: 5000 });
    try {
      await expect(fetchNwb(world.db.orm.em, key, context())).rejects.toMatchObject({ code: 'REGENERATED_HASH_MISMATCH', exitCode: 4 });
      expect(existsSync(g0.path)).toBe(false);
      expect(readdirSync(path.dirname(g0.path)).filter((name) => name.includes(path.basename(g0.path, '.nwb')))).toEqual([]);
    } finally {
      await setDefaultParams(DEFAULT_PARAMS);
    }
    expect((await fetchNwb(world.db.orm.em, key, context())).regenerated).toBe(true);
  }, 120_000);

  it('a perturbed regeneration records Hash rows with numeric differences and keeps the copy for diff', async () => {
    const key = { recording_id: g1.recording_id };
    await setDefaultParams({ ...DEFAULT_PARAMS, frequency_min: 310 });
    try {
      await engine().attempt(key, { params: { rounding: 6 } });
      const run = await engine().populate(key);
      expect(run.counts.mismatched).toBe(1);
    } finally {
      await setDefaultParams(DEFAULT_PARAMS);
    }
    const [diff] = await engine().diff({ recording: key, params: { rounding: 6 } });
    expect(diff.row.matched).toBe(false);
    expect(diff.names).toEqual([]);
    const data = diff.hashes.find((h) => h.name === 'acquisition/ProcessedElectricalSeries/data');
    expect(data).toMatchObject({ algorithm: 'spyglass-nwb', oldHash: expect.any(String), newHash: expect.any(String) });
    expect(data?.maxAbsDiff).toBeGreaterThan(0);
    expect(data?.maxRelDiff).toBeGreaterThan(0);
    expect(diff.hashes.map((h) => h.name)).not.toContain('acquisition/ProcessedElectricalSeries/timestamps');
    const status = await engine().status(key);
    expect(status.mismatched).toBe(1);
    expect(status.bytesTemporary).toBeGreaterThan(0);
  }, 120_000);

  it('update-ids backfills hash and electrodes_id from the files and reports missing files', async () => {
    const em = world.db.orm.em.fork();
    const before = await em.findOneOrFail(SpikeSortingRecordingV1, { recording_id: g0.recording_id });
    await em.nativeUpdate(
      SpikeSortingRecordingV1,
      { recording_id: { $in: [g0.recording_id, g1.recording_id] } },
      { hash: null, hash_algorithm: null, electrodes_id: null },
    );
    const g1Path = g1.path;
    rmSync(g1Path);
    const result = await updateV1Ids(world.db.orm.em, context(), { restriction: { nwb_file_name: world.nwbFileName } });
    expect(result.updated).toEqual([{ recording_id: g0.recording_id, hash: g0.hash, electrodes_id: before.electrodes_id }]);
    expect(result.missingFiles).toEqual([{ recording_id: g1.recording_id, path: g1Path }]);
    expect(result.failed).toEqual([]);
    const after = await world.db.orm.em.fork().findOneOrFail(SpikeSortingRecordingV1, { recording_id: g0.recording_id });
    expect(after).toMatchObject({ hash: g0.hash, hash_algorithm: 'spyglass-nwb', electrodes_id: before.electrodes_id });
  }, 60_000);

  it('expected failures: a session without probe rows is selected with an xfail_reason and recorded as xfail', async () => {
    // A recording not matched anywhere yet (its logged creation row is not populated).
    await world.db.orm.em
      .fork()
      .insert(SpikeSortingPreprocessingParametersV1, { preproc_param_name: 'same', preproc_params: DEFAULT_PARAMS });
    const g2 = await createV1Recording(world.db.orm.em, context(), {
      nwbFileName: world.nwbFileName,
      sortGroupId: 1,
      intervalListName: INTERVAL_NAME,
      paramsName: 'same',
    });
    await world.db.orm.em.fork().nativeUpdate(Electrode, { nwb_file_name: world.nwbFileName }, { probe_id: null });
    const key = { recording_id: g2.recording_id };
    const attempted = await engine().attempt(key, { params: { rounding: 5 } });
    expect(attempted.inserted.map((row) => row.xfailReason)).toEqual([
      `missing_probe_info: no probe rows for session ${world.nwbFileName}`,
    ]);
    const run = await engine().populate(key);
    expect(run.counts).toMatchObject({ xfail: 1, logged: 1, matched: 0, error: 0 });
  }, 60_000);
});
