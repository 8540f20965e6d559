import { existsSync, statSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { RAW_VALID_TIMES_INTERVAL, writeSyntheticRawNwb } from '@spyglass-recompute/common';
import {
  IntervalList,
  RecordingRecomputeSelectionV0,
  RecordingRecomputeV0,
  RecordingRecomputeVersionsV0,
  flowTestBackends,
} from '@spyglass-recompute/schema';
import { createV0Recording } from '../recording/createV0Recording';
import { createV0World, defineV0Recording, ingestRaw, type V0World } from '../recording/test-support/v0World';
import { v0RecomputeModule } from './v0RecomputeModule';

// Issue 18 on the v0 pipeline: named expected-failure reasons (si094) bypassed by skipXfail, and
// update_secondary, checked against the v0 tables and folders.
describe.each(flowTestBackends())('v0 recompute API (%s)', (backend) => {
  let world: V0World;
  let key: Record<string, string | number>;
  let folder: string;
  const engine = () => v0RecomputeModule.createEngine({ em: world.db.orm.em, roots: world.roots, environment: world.ctx.environment });
  const selections = async () =>
    (await world.db.orm.em.fork().find(RecordingRecomputeSelectionV0, {})).map((row) => ({
      env: row.env_id,
      xfail: row.xfail_reason ?? null,
    }));

  beforeAll(async () => {
    world = await createV0World(backend);
    const raw = path.join(world.dir, 'incoming', 'synth.nwb');
    await mkdir(path.dirname(raw), { recursive: true });
    await writeSyntheticRawNwb({ filePath: raw, durationSeconds: 1, tetrodes: 1, seed: 5 });
    const nwbFileName = await ingestRaw(world, raw);
    const valid = await world.db.orm.em
      .fork()
      .findOneOrFail(IntervalList, { nwb_file_name: nwbFileName, interval_list_name: RAW_VALID_TIMES_INTERVAL });
    const [[start, end]] = valid.valid_times as [[number, number]];
    await defineV0Recording(world, {
      nwbFileName,
      sortGroupId: 0,
      electrodeIds: [0, 1, 2, 3],
      referenceId: -2,
      sortIntervalName: 'all',
      start: start + 0.1,
      end: end - 0.1,
    });
    const created = await createV0Recording(world.db.orm.em, world.ctx, { nwbFileName, sortGroupId: 0, sortIntervalName: 'all' });
    folder = created.recording_path;
    key = { nwb_file_name: nwbFileName, sort_group_id: 0, sort_interval_name: 'all', preproc_params_name: 'default', team_name: 'default' };
    // As if the folder had been written by spikeinterface 0.94 (an upstream known failure).
    await world.db.orm.em.fork().nativeDelete(RecordingRecomputeSelectionV0, {});
    await world.db.orm.em.fork().nativeUpdate(RecordingRecomputeVersionsV0, key, { spikeinterface: '0.94.0' });
  }, 120_000);
  afterAll(async () => world?.close());

  it('si094 is an expected failure (with --force past the version gate); skipXfail=[si094] re-selects it and run really attempts it', async () => {
    expect((await engine().attempt(key)).skippedEnvironment).toHaveLength(1);
    expect(await selections()).toEqual([]);

    const forced = await engine().attempt(key, { force: true });
    expect(forced.inserted.map((row) => row.xfailReason)).toEqual([expect.stringMatching(/^si094: spikeinterface 0\.94\.0 folder/)]);
    expect(await engine().status(key)).toMatchObject({ xfail: 1, xfailReasons: { si094: 1 } });

    const otherReason = await engine().attempt(key, { force: true, skipXfail: ['low_sr'] });
    expect(otherReason.skippedExisting).toHaveLength(1);
    expect(await selections()).toEqual([{ env: world.ctx.environment.envId, xfail: expect.stringMatching(/^si094: /) }]);

    const bypassed = await engine().attempt(key, { force: true, skipXfail: ['si094'] });
    expect(bypassed.xfailOverridden).toEqual([{ key, reason: expect.stringMatching(/^si094: /) }]);
    expect(await selections()).toEqual([{ env: world.ctx.environment.envId, xfail: null }]);

    const run = await engine().populate(key);
    expect(run.counts).toMatchObject({ matched: 1, xfail: 0 });
    expect(existsSync(folder)).toBe(true);
  }, 120_000);

  it('update_secondary backfills created_at from the folder and reports it', async () => {
    await world.db.orm.em.fork().nativeUpdate(RecordingRecomputeV0, key, { created_at: null });
    const result = await engine().updateSecondary(key);
    expect(result).toEqual({
      checked: 1,
      changed: [expect.objectContaining({ recording: key, createdAt: { from: null, to: statSync(folder).mtime } })],
    });
    const [row] = await world.db.orm.em.fork().find(RecordingRecomputeV0, key);
    expect(Math.abs(new Date(row!.created_at as Date).getTime() - statSync(folder).mtimeMs)).toBeLessThan(1000);
    expect(Boolean(row!.deleted)).toBe(false);
    expect(await engine().updateSecondary(key)).toEqual({ checked: 1, changed: [] });
  });
});
