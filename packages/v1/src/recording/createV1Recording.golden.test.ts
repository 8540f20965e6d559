import { rmSync } from 'node:fs';
import path from 'node:path';
import { hashNwbFile } from '@spyglass-recompute/nwb';
import { SpikeSortingRecordingV1, testBackends } from '@spyglass-recompute/schema';
import { createV1Recording } from './createV1Recording';
import { fetchNwb } from './fetchNwb';
import { readSeriesObjectIds } from './readSeriesObjectIds';
import { createV1World, FIXTURES, INTERVAL_NAME, type V1World } from './test-support/v1World';

// Objects whose digest hashes an object_id attribute Spyglass draws at random per file.
const ID_BEARING = ['acquisition/ProcessedElectricalSeries', 'acquisition/ProcessedElectricalSeries/electrodes'];

/** Golden per-object digests that are comparable (the reference's bookkeeping keys excluded). */
function goldenObjects(v1: { hasher_modes: { default: { objs: Record<string, string | null> } } }): Record<string, string> {
  return Object.fromEntries(
    Object.entries(v1.hasher_modes.default.objs).filter(
      (entry): entry is [string, string] => entry[1] !== null && !entry[0].endsWith('/k'),
    ),
  );
}

const backend = testBackends()[0];

describe.each(['short', 'long'] as const)('createV1Recording against the %s fixture goldens', (variant) => {
  let world: V1World;
  beforeAll(async () => {
    world = await createV1World(backend, variant);
  }, 60_000);
  afterAll(async () => world?.close());

  const groups = variant === 'short' ? ['0', '1'] : ['0'];
  it.each(groups)(
    'sort group %s: a fresh file differs from the golden only in its object ids; regenerated with the golden ids it is the golden file',
    async (group) => {
      const v1 = world.golden.v1[group];
      const context = { roots: world.roots, environment: world.environment };
      const created = await createV1Recording(world.db.orm.em, context, {
        nwbFileName: world.nwbFileName,
        sortGroupId: Number(group),
        intervalListName: INTERVAL_NAME,
      });
      expect(created.analysis_file_name).toMatch(/^oracle_raw[A-Z0-9]{10}\.nwb$/);

      const { objects, hash } = await hashNwbFile(created.path, { objects: true });
      expect(created.hash).toBe(hash);
      const expected = goldenObjects(v1);
      expect(Object.keys(objects ?? {}).sort()).toEqual(Object.keys(expected).sort());
      const differing = Object.keys(expected).filter((name) => objects?.[name] !== expected[name]);
      expect(differing.sort()).toEqual([...ID_BEARING].sort());

      if (variant === 'long') return; // its v1 files (and so their fixed uuid5 object ids) are not shipped

      // Store the golden file's object ids and hash, delete our file: the on-demand path must
      // regenerate exactly the golden file (verified against the stored hash). (golden.json's
      // `random_object_ids_replaced` are the pynwb ids that were replaced, not the ones in the file.)
      const ids = await readSeriesObjectIds(path.join(FIXTURES, variant, 'v1', path.basename(v1.file)));
      await world.db.orm.em
        .fork()
        .nativeUpdate(
          SpikeSortingRecordingV1,
          { recording_id: created.recording_id },
          { object_id: ids.series, electrodes_id: ids.electrodes, hash: v1.hash_rounding4 },
        );
      rmSync(created.path);
      const fetched = await fetchNwb(world.db.orm.em, { recording_id: created.recording_id }, context);
      expect(fetched).toEqual({ path: created.path, regenerated: true, hash: v1.hash_rounding4 });
      const regenerated = await hashNwbFile(created.path, { objects: true });
      expect(regenerated.hash).toBe(v1.hash_rounding4);
      expect(regenerated.objects).toEqual(expect.objectContaining(expected));
    },
    180_000,
  );
});
