import path from 'node:path';
import { hashNwbFile } from '@spyglass-recompute/nwb';
import { testBackends } from '@spyglass-recompute/schema';
import { readSeriesObjectIds } from './readSeriesObjectIds';
import { loadV1RecordingInputs } from './loadV1RecordingInputs';
import { createV1World, FIXTURES, INTERVAL_NAME, type V1World } from './test-support/v1World';
import { writeV1RecordingFile } from './writeV1RecordingFile';

// A sort group whose chunk exceeds the filter task budget is filtered — and so written — in
// channel groups; the file must be the same as when it is written in whole rows.
describe('writeV1RecordingFile with a chunk split into channel groups', () => {
  let world: V1World;
  beforeAll(async () => {
    world = await createV1World(testBackends()[0], 'short');
  }, 60_000);
  afterAll(async () => world?.close());

  it.each(['0', '1'])(
    'sort group %s: tiny maxTaskBytes (one channel per group) writes the golden file',
    async (group) => {
      const v1 = world.golden.v1[group];
      const inputs = await loadV1RecordingInputs(world.db.orm.em.fork(), {
        nwb_file_name: world.nwbFileName,
        sort_group_id: Number(group),
        interval_list_name: INTERVAL_NAME,
        preproc_param_name: 'default',
        team_name: 'default',
      });
      const ids = await readSeriesObjectIds(path.join(FIXTURES, 'short', 'v1', path.basename(v1.file)));
      const objectIds = { series: String(ids.series), electrodes: String(ids.electrodes) };
      const split = path.join(world.roots.analysis, `split_${group}.nwb`);
      const written = await writeV1RecordingFile(inputs, { outputPath: split, objectIds, maxTaskBytes: 1 });
      expect(written.numChannels).toBeGreaterThan(1);
      expect((await hashNwbFile(split)).hash).toBe(v1.hash_rounding4);
    },
    120_000,
  );
});
