import { dataRootList, withH5File, type H5Wasm } from '@spyglass-recompute/nwb';
import { MikroOrmRecomputeStore, RecomputeEngine, type RegenerateContext, type StoredArtefact } from '@spyglass-recompute/engine';
import { flowTestBackends } from '@spyglass-recompute/schema';
import { createV1Recording } from '../recording/createV1Recording';
import { createV1World, INTERVAL_NAME, type V1World } from '../recording/test-support/v1World';
import { V1RecomputePipeline } from './V1RecomputePipeline';
import { v1TableDescriptors, type V1RecordingKey } from './v1TableDescriptors';

/** Regenerates faithfully, then deliberately adds a dataset and changes the filtered data. */
class PerturbingPipeline extends V1RecomputePipeline {
  override async regenerate(artefact: StoredArtefact<V1RecordingKey>, targetPath: string, context: RegenerateContext): Promise<void> {
    await super.regenerate(artefact, targetPath, context);
    await withH5File(targetPath, 'a', (file) => {
      (file.get('analysis') as InstanceType<H5Wasm['Group']>).create_dataset({ name: 'extra', data: new Float64Array([1, 2, 3]) });
      const data = file.get('acquisition/ProcessedElectricalSeries/data') as InstanceType<H5Wasm['Dataset']>;
      data.write_slice([[10, 11], []], new Float64Array([1000, -1000, 0.5, 2]));
    });
  }
}

describe.each(flowTestBackends())('a deliberately perturbed v1 regeneration on %s', (backend) => {
  let world: V1World;
  beforeAll(async () => {
    world = await createV1World(backend, 'short');
  }, 60_000);
  afterAll(async () => world?.close());

  it('records Name rows for the extra object and Hash rows with max abs/rel differences for the changed data', async () => {
    const created = await createV1Recording(
      world.db.orm.em,
      { roots: world.roots, environment: world.environment },
      { nwbFileName: world.nwbFileName, sortGroupId: 0, intervalListName: INTERVAL_NAME },
    );
    const engine = new RecomputeEngine<V1RecordingKey>({
      pipeline: new PerturbingPipeline({ em: world.db.orm.em, roots: world.roots }),
      store: new MikroOrmRecomputeStore<V1RecordingKey>(world.db.orm.em, v1TableDescriptors(world.roots)),
      environment: world.environment,
      dataRoots: dataRootList(world.roots),
      tempDir: world.roots.temp,
    });
    const key = { recording_id: created.recording_id };
    expect((await engine.attempt(key, { params: { rounding: 4 }, force: true })).skippedExisting).toEqual([key]);
    // rounding 6: a stricter attempt than the logged one, so it is never superseded by it.
    expect((await engine.attempt(key, { params: { rounding: 6 } })).inserted).toHaveLength(1);
    const run = await engine.populate(key);
    expect(run.outcomes.map((o) => [o.attempt.params.rounding, o.outcome]).sort()).toEqual([
      [4, 'logged'],
      [6, 'mismatched'],
    ]);
    const [diff] = await engine.diff({ recording: key, params: { rounding: 6 } });
    expect(diff.names).toEqual([{ name: 'analysis/extra', missingFrom: 'old' }]);
    const byName = new Map(diff.hashes.map((h) => [h.name, h]));
    expect([...byName.keys()].sort()).toEqual(['acquisition/ProcessedElectricalSeries/data', 'analysis', 'analysis/extra']);
    const data = byName.get('acquisition/ProcessedElectricalSeries/data');
    expect(data?.maxAbsDiff).toBeGreaterThan(500);
    expect(data?.maxRelDiff).toBeGreaterThan(0.5);
    expect(data?.maxRelDiff).toBeLessThanOrEqual(2);
    expect(byName.get('analysis')).toMatchObject({ maxAbsDiff: null, maxRelDiff: null });
    expect(byName.get('analysis/extra')).toMatchObject({ oldHash: null, newHash: expect.any(String) });
  }, 120_000);
});
