import { readFile } from 'node:fs/promises';
import path from 'node:path';
import {
  RecordingRecomputeSelectionV0,
  RecordingRecomputeVersionsV0,
  SpikeSortingRecordingV0,
  flowTestBackends,
} from '@spyglass-recompute/schema';
import { goldenDirHash, listFiles, readGolden, RECORDED_RAW_PATH, SPIKESORTING_FIXTURES } from '../folder/test-support/fixtureRecording';
import { hashV0Folder } from '../recompute/hashV0Folder';
import { createV0Recording } from './createV0Recording';
import { loadV0RecordingSpec } from './loadV0RecordingSpec';
import { writeV0Folder } from './writeV0Folder';
import { createV0World, defineV0Recording, ingestRaw, type V0World } from './test-support/v0World';

// Database → raw NWB → preprocessing → folder, compared with the Spyglass-made fixture folders.
// The folder bytes depend on the backend only through what is read from the database (params,
// electrodes, interval): the short fixture checks that path on every backend. The long fixture
// (more chunks, same database reads) and the channel-group split (a preprocessing property) run on
// the first backend only, as createV1Recording.golden.test.ts does for v1.
const backends = flowTestBackends();
describe.each(backends)('createV0Recording reproduces the golden folders (%s)', (backend) => {
  const everyCheck = backend === backends[0];
  for (const variant of everyCheck ? ['short', 'long'] : ['short']) {
    describe(variant, () => {
      let world: V0World;
      let golden: Record<string, unknown>;
      beforeAll(async () => {
        world = await createV0World(backend);
        golden = await readGolden(variant);
        const nwbFileName = await ingestRaw(world, path.join(SPIKESORTING_FIXTURES, variant, 'raw', 'oracle_raw.nwb'), RECORDED_RAW_PATH);
        const [start, end] = (golden.sort_interval as unknown[]).map(Number) as [number, number];
        const groups = golden.sort_groups as Record<string, { electrodes: number[]; ref: number }>;
        for (const [id, group] of Object.entries(groups)) {
          await defineV0Recording(world, {
            nwbFileName,
            sortGroupId: Number(id),
            electrodeIds: group.electrodes,
            referenceId: group.ref,
            sortIntervalName: 'sortint',
            start,
            end,
          });
        }
      });
      afterAll(async () => world?.close());

      test.each(['0', '1'])('sort group %s', async (group) => {
        const created = await createV0Recording(world.db.orm.em, world.ctx, {
          nwbFileName: 'oracle_raw.nwb',
          sortGroupId: Number(group),
          sortIntervalName: 'sortint',
        });
        const name = `oracle_raw.nwb_sortint_${group}_default`;
        expect(created.recording_path).toBe(path.join(world.roots.recording, name));
        expect(created.hash).toBe(await goldenDirHash(variant, group));
        expect(created.created).toBe(true);
        expect(created.logged_at_creation).toBe(true);

        const goldenFolder = path.join(SPIKESORTING_FIXTURES, variant, 'v0', name);
        const files = await listFiles(goldenFolder);
        expect(await listFiles(created.recording_path)).toEqual(files);
        for (const file of files) {
          const same = (await readFile(path.join(created.recording_path, file))).equals(await readFile(path.join(goldenFolder, file)));
          expect({ file, same }).toEqual({ file, same: true });
        }

        const em = world.db.orm.em.fork();
        const key = {
          nwb_file_name: 'oracle_raw.nwb',
          sort_group_id: Number(group),
          sort_interval_name: 'sortint',
          preproc_params_name: 'default',
          team_name: 'default',
        };
        const row = await em.findOneOrFail(SpikeSortingRecordingV0, key);
        expect({ hash: row.hash, algorithm: row.hash_algorithm, list: row.sort_interval_list_name }).toEqual({
          hash: created.hash,
          algorithm: 'spyglass-dir',
          list: name,
        });
        const versions = await em.findOneOrFail(RecordingRecomputeVersionsV0, key);
        expect({ si: versions.spikeinterface, pi: versions.probeinterface }).toEqual({ si: '0.99.1', pi: '0.2.28' });
        const selection = await em.findOneOrFail(RecordingRecomputeSelectionV0, { ...key, env_id: world.ctx.environment.envId });
        expect(Boolean(selection.logged_at_creation)).toBe(true);

        // A chunk too large for one filter task comes in channel groups; merged back into
        // whole rows, the folder is the same (tiny budget: one channel per group).
        if (everyCheck) {
          const spec = await loadV0RecordingSpec(world.db.orm.em.fork(), key, { roots: world.roots });
          const split = path.join(world.roots.recording, `${name}_split`);
          await writeV0Folder(spec, split, { maxTaskBytes: 1 });
          expect((await hashV0Folder(split)).hash).toBe(created.hash);
        }

        // Creating it again writes nothing and returns the stored row.
        const again = await createV0Recording(world.db.orm.em, world.ctx, {
          nwbFileName: 'oracle_raw.nwb',
          sortGroupId: Number(group),
          sortIntervalName: 'sortint',
        });
        expect(again).toMatchObject({ created: false, hash: created.hash, recording_path: created.recording_path });
      });
    });
  }
});
