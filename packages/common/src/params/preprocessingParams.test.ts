import { readFileSync } from 'node:fs';
import path from 'node:path';
import {
  createTestDatabase,
  SpikeSortingPreprocessingParametersV0,
  SpikeSortingPreprocessingParametersV1,
  testBackends,
  type TestDatabase,
} from '@spyglass-recompute/schema';
import { addPreprocessingParams, defaultPreprocessingParams, ensureDefaultPreprocessingParams } from './preprocessingParams';

const golden = JSON.parse(
  readFileSync(path.resolve(__dirname, '../../../../../shared/fixtures/spikesorting/short/golden.json'), 'utf8'),
) as {
  preproc_params: Record<string, number>;
};

describe('defaultPreprocessingParams', () => {
  it("is Spyglass's default: v1 equals the fixture's params, v0 has no min_segment_length", () => {
    expect(defaultPreprocessingParams('v1')).toEqual(golden.preproc_params);
    const { min_segment_length: _omitted, ...v0 } = golden.preproc_params;
    expect(defaultPreprocessingParams('v0')).toEqual(v0);
  });
});

describe.each(testBackends())('preprocessing params tables (%s)', (backend) => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase(backend);
  });
  afterAll(async () => db.drop());

  it('ensureDefaultPreprocessingParams inserts both defaults once', async () => {
    expect(await ensureDefaultPreprocessingParams(db.orm.em.fork())).toEqual(['v0', 'v1']);
    expect(await ensureDefaultPreprocessingParams(db.orm.em.fork())).toEqual([]);
    const em = db.orm.em.fork();
    expect((await em.findOne(SpikeSortingPreprocessingParametersV1, { preproc_param_name: 'default' }))?.preproc_params).toEqual(
      golden.preproc_params,
    );
  });

  it('adds named sets (v1 defaults min_segment_length to 1, v0 stores it only when given); repeats are no-ops', async () => {
    const v1 = await addPreprocessingParams(db.orm.em, 'v1', { name: 'wide', frequencyMin: 250, frequencyMax: 7000 });
    expect(v1).toEqual({
      pipeline: 'v1',
      name: 'wide',
      inserted: true,
      params: { frequency_min: 250, frequency_max: 7000, margin_ms: 5, seed: 0, min_segment_length: 1 },
    });
    const v0 = await addPreprocessingParams(db.orm.em, 'v0', { name: 'wide', frequencyMin: 250, frequencyMax: 7000, marginMs: 3 });
    expect(v0.params).toEqual({ frequency_min: 250, frequency_max: 7000, margin_ms: 3, seed: 0 });
    const v0seg = await addPreprocessingParams(db.orm.em, 'v0', {
      name: 'seg',
      frequencyMin: 300,
      frequencyMax: 6000,
      minSegmentLength: 0.5,
    });
    expect(v0seg.params.min_segment_length).toBe(0.5);
    expect((await addPreprocessingParams(db.orm.em, 'v1', { name: 'wide', frequencyMin: 250, frequencyMax: 7000 })).inserted).toBe(false);
    const em = db.orm.em.fork();
    expect((await em.findOne(SpikeSortingPreprocessingParametersV0, { preproc_params_name: 'wide' }))?.preproc_params).toEqual(v0.params);
  });

  it('treats a stored set with the same values in another key order as the same set (canonical comparison)', async () => {
    // Rows written by Spyglass (or reordered by the server's JSON type) need not keep our key order.
    const em = db.orm.em.fork();
    await em.insert(SpikeSortingPreprocessingParametersV1, {
      preproc_param_name: 'reordered',
      preproc_params: { min_segment_length: 1, seed: 0, margin_ms: 5, frequency_max: 6000, frequency_min: 300 },
    });
    const again = await addPreprocessingParams(db.orm.em, 'v1', { name: 'reordered', frequencyMin: 300, frequencyMax: 6000 });
    expect(again.inserted).toBe(false);
    await expect(
      addPreprocessingParams(db.orm.em, 'v1', { name: 'reordered', frequencyMin: 300, frequencyMax: 6001 }),
    ).rejects.toMatchObject({ code: 'PREPROC_PARAMS_EXIST' });
  });

  it('rejects invalid values and name conflicts with typed errors naming the flag or name', async () => {
    const add = (input: Partial<Parameters<typeof addPreprocessingParams>[2]>, pipeline: 'v0' | 'v1' = 'v1') =>
      addPreprocessingParams(db.orm.em, pipeline, { name: 'x', frequencyMin: 300, frequencyMax: 6000, ...input });
    await expect(add({ frequencyMin: 0 })).rejects.toMatchObject({
      code: 'PREPROC_PARAMS_INVALID',
      exitCode: 2,
      message: expect.stringContaining('--frequency-min'),
    });
    await expect(add({ frequencyMax: 200 })).rejects.toMatchObject({
      code: 'PREPROC_PARAMS_INVALID',
      message: expect.stringContaining('--frequency-max'),
    });
    await expect(add({ marginMs: -1 })).rejects.toMatchObject({
      code: 'PREPROC_PARAMS_INVALID',
      message: expect.stringContaining('--margin-ms'),
    });
    await expect(add({ seed: 1.5 })).rejects.toMatchObject({ code: 'PREPROC_PARAMS_INVALID', message: expect.stringContaining('--seed') });
    await expect(add({ minSegmentLength: -2 })).rejects.toMatchObject({
      code: 'PREPROC_PARAMS_INVALID',
      message: expect.stringContaining('--min-segment-length'),
    });
    await expect(add({ name: 'y'.repeat(33) }, 'v0')).rejects.toMatchObject({ code: 'PREPROC_PARAMS_INVALID' });
    await expect(add({ name: 'default', frequencyMin: 400 })).rejects.toMatchObject({
      code: 'PREPROC_PARAMS_EXIST',
      message: expect.stringContaining('"default"'),
    });
  });
});
