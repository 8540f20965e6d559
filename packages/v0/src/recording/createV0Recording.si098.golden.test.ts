import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { RecordingRecomputeVersionsV0, testBackends } from '@spyglass-recompute/schema';
import { listFiles, readGolden, RECORDED_RAW_PATH, SPIKESORTING_FIXTURES } from '../folder/test-support/fixtureRecording';
import { createV0Engine } from '../recompute/createV0Engine';
import { hashV0Folder } from '../recompute/hashV0Folder';
import { createV0Recording } from './createV0Recording';
import { createV0World, defineV0Recording, ingestRaw, type V0World } from './test-support/v0World';

const MULTIVERSION = path.join(SPIKESORTING_FIXTURES, '..', 'multiversion');

/** `multiversion/{variant}/v0_si0982/golden.json`: folders Spyglass 0.5.0 saved with spikeinterface 0.98.2 / probeinterface 0.2.17. */
async function si098Golden(
  variant: string,
): Promise<{ files_shipped: boolean; groups: Record<string, { folder: string; dir_hash: string }> }> {
  return JSON.parse(await readFile(path.join(MULTIVERSION, variant, 'v0_si0982', 'golden.json'), 'utf8'));
}

const backend = testBackends()[0];

describe.each(['short', 'long'])('v0 recording create --writer-profile si-0.98 against multiversion/%s/v0_si0982', (variant) => {
  let world: V0World;
  beforeAll(async () => {
    world = await createV0World(backend);
    const golden = await readGolden(variant);
    const nwbFileName = await ingestRaw(world, path.join(SPIKESORTING_FIXTURES, variant, 'raw', 'oracle_raw.nwb'), RECORDED_RAW_PATH);
    const [start, end] = (golden.sort_interval as unknown[]).map(Number) as [number, number];
    for (const [id, group] of Object.entries(golden.sort_groups as Record<string, { electrodes: number[]; ref: number }>)) {
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
  }, 60_000);
  afterAll(async () => world?.close());

  test.each(['0', '1'])(
    'sort group %s: the folder hash is the golden one; versions populate detects si-0.98 again',
    async (group) => {
      const expected = (await si098Golden(variant)).groups[group];
      const created = await createV0Recording(world.db.orm.em, world.ctx, {
        nwbFileName: 'oracle_raw.nwb',
        sortGroupId: Number(group),
        sortIntervalName: 'sortint',
        writerProfile: 'si-0.98',
      });
      expect(path.basename(created.recording_path)).toBe(expected.folder);
      expect(created.hash).toBe(expected.dir_hash);

      if ((await si098Golden(variant)).files_shipped) {
        const goldenFolder = path.join(MULTIVERSION, variant, 'v0_si0982', expected.folder);
        const files = await listFiles(goldenFolder);
        expect(await listFiles(created.recording_path)).toEqual(files);
        for (const file of files) {
          const same = (await readFile(path.join(created.recording_path, file))).equals(await readFile(path.join(goldenFolder, file)));
          expect({ file, same }).toEqual({ file, same: true });
        }
      }

      const key = {
        nwb_file_name: 'oracle_raw.nwb',
        sort_group_id: Number(group),
        sort_interval_name: 'sortint',
        preproc_params_name: 'default',
        team_name: 'default',
      };
      const em = world.db.orm.em.fork();
      const versions = await em.findOneOrFail(RecordingRecomputeVersionsV0, key);
      expect({ si: versions.spikeinterface, pi: versions.probeinterface }).toEqual({ si: '0.98.2', pi: '0.2.17' });

      // Forget the versions row: populate reads the folder, finds the profile, and a
      // regeneration with the recorded profile matches the stored hash.
      await em.nativeDelete(RecordingRecomputeVersionsV0, key);
      const engine = createV0Engine({ em: world.db.orm.em, roots: world.roots, environment: world.ctx.environment });
      const populated = await engine.populateVersions({ ...key });
      expect(populated.failed).toEqual([]);
      expect(populated.inserted).toHaveLength(1);
      const regenerated = path.join(world.roots.recording, `${expected.folder}_regenerated`);
      await engine.pipeline.regenerate((await engine.artefacts({ ...key }))[0]!, regenerated, {
        params: {},
        signal: new AbortController().signal,
        heartbeat: () => undefined,
      });
      expect((await hashV0Folder(regenerated)).hash).toBe(expected.dir_hash);
    },
    300_000,
  );
});
