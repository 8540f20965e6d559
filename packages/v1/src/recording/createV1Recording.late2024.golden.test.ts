import { readdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { hashNwbFile, type HashNwbFileOptions } from '@spyglass-recompute/nwb';
import { RecordingRecomputeVersionsV1, SpikeSortingRecordingV1, testBackends } from '@spyglass-recompute/schema';
import { V1_WRITER_PROFILE_KEY } from '../profiles/detectV1WriterProfile';
import { createV1Recording } from './createV1Recording';
import { loadV1RecordingInputs } from './loadV1RecordingInputs';
import { writeV1RecordingFile } from './writeV1RecordingFile';
import { v1WriterProfile } from '../profiles/v1WriterProfiles';
import { fetchNwb } from './fetchNwb';
import { createV1World, FIXTURES, INTERVAL_NAME, type V1World } from './test-support/v1World';

/** `multiversion/{variant}/v1_late2024/golden.json`: Spyglass 0.5.4 + pynwb 2.8.2 / hdmf 3.14.5 files. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
function lateGolden(variant: 'short' | 'long'): any {
  return JSON.parse(readFileSync(path.join(FIXTURES, '..', 'multiversion', variant, 'v1_late2024', 'golden.json'), 'utf8'));
}

// The series and its electrodes region carry object ids pynwb draws at random per file.
const ID_BEARING = ['acquisition/ProcessedElectricalSeries', 'acquisition/ProcessedElectricalSeries/electrodes'];

/** Our hasher options for a golden `hasher.modes` entry (Spyglass's NwbfileHasher arguments). */
function hasherOptions(mode: {
  precision_lookup?: number | Record<string, number>;
  legacy_mode?: boolean;
  batch_size?: number;
}): HashNwbFileOptions {
  return {
    objects: true,
    ...(mode.precision_lookup !== undefined ? { precision: mode.precision_lookup } : {}),
    ...(mode.legacy_mode ? { legacy: true } : {}),
    ...(mode.batch_size !== undefined ? { batchSize: mode.batch_size } : {}),
  };
}

/** Golden per-object digests that our hasher reports (the golden's `/k` bookkeeping entries excluded). */
function comparable(objs: Record<string, string | null>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(objs).filter((entry): entry is [string, string] => entry[1] !== null && !entry[0].endsWith('/k')),
  );
}

const backend = testBackends()[0];

describe.each(['short', 'long'] as const)(
  'v1 recording create --writer-profile late-2024 against multiversion/%s/v1_late2024',
  (variant) => {
    const golden = lateGolden(variant);
    let world: V1World;
    beforeAll(async () => {
      world = await createV1World(backend, variant);
    }, 60_000);
    afterAll(async () => world?.close());

    it('uses the sort groups and sort interval the late-2024 files were made with', () => {
      expect(world.golden.sort_groups).toEqual(golden.params.sort_groups);
      expect(world.golden.sort_interval.map(Number)).toEqual(golden.params.sort_interval);
    });

    it.each(['0', '1'])(
      'sort group %s: namespaces and every per-object digest in every hasher mode equal the golden except the two id-bearing objects; with the golden ids, fetch regenerates the golden hash',
      async (group) => {
        const expected = golden.groups[group];
        const context = { roots: world.roots, environment: world.environment };
        const created = await createV1Recording(world.db.orm.em, context, {
          nwbFileName: world.nwbFileName,
          sortGroupId: Number(group),
          intervalListName: INTERVAL_NAME,
          writerProfile: 'late-2024',
        });
        const versions = await world.db.orm.em.fork().findOneOrFail(RecordingRecomputeVersionsV1, { recording_id: created.recording_id });
        expect(versions.nwb_deps).toEqual(expect.objectContaining({ ...expected.namespaces, [V1_WRITER_PROFILE_KEY]: 'late-2024' }));

        for (const [modeName, mode] of Object.entries(golden.hasher.modes as Record<string, Parameters<typeof hasherOptions>[0]>)) {
          const result = await hashNwbFile(created.path, hasherOptions(mode));
          const goldenMode = expected.hasher_modes[modeName];
          expect([modeName, JSON.stringify(result.namespaces)]).toEqual([
            modeName,
            JSON.stringify(expected.namespaces_str ? JSON.parse(expected.namespaces_str) : expected.namespaces),
          ]);
          const want = comparable(goldenMode.objs);
          expect([modeName, Object.keys(result.objects ?? {}).sort()]).toEqual([modeName, Object.keys(want).sort()]);
          const differing = Object.keys(want).filter((name) => result.objects?.[name] !== want[name]);
          expect([modeName, differing.sort()]).toEqual([modeName, [...ID_BEARING].sort()]);
        }

        // Give the row the golden file's ids, delete ours: fetch regenerates with the recorded
        // profile and must reach the golden hash itself (verified against the stored hash).
        const ids = expected.object_ids;
        await world.db.orm.em
          .fork()
          .nativeUpdate(
            SpikeSortingRecordingV1,
            { recording_id: created.recording_id },
            { object_id: ids.ProcessedElectricalSeries, electrodes_id: ids.ProcessedElectricalSeries_electrodes, hash: expected.hash },
          );
        rmSync(created.path);
        const fetched = await fetchNwb(world.db.orm.em, { recording_id: created.recording_id }, context);
        expect(fetched).toEqual({ path: created.path, regenerated: true, hash: expected.hash });
      },
      300_000,
    );

    it('with the whole-recording buffer spilled (forward pass in a temp file, 1024-row blocks) the file still hashes to the golden hash', async () => {
      const expected = golden.groups['0'];
      const inputs = await loadV1RecordingInputs(world.db.orm.em.fork(), {
        nwb_file_name: world.nwbFileName,
        sort_group_id: 0,
        interval_list_name: INTERVAL_NAME,
        preproc_param_name: 'default',
        team_name: 'default',
      });
      const outputPath = path.join(world.roots.analysis, 'spilled.nwb');
      await writeV1RecordingFile(inputs, {
        outputPath,
        writerProfile: v1WriterProfile('late-2024'),
        objectIds: {
          series: expected.object_ids.ProcessedElectricalSeries,
          electrodes: expected.object_ids.ProcessedElectricalSeries_electrodes,
        },
        spillDirectory: world.roots.temp,
        spillAboveBytes: 1,
        maxTaskBytes: 64 * 1024,
      });
      expect((await hashNwbFile(outputPath)).hash).toBe(expected.hash);
      expect(readdirSync(world.roots.temp).filter((name) => name.startsWith('.filter-spill-'))).toEqual([]);
    }, 300_000);
  },
);
