import path from 'node:path';
import type { EntityManager } from '@mikro-orm/core';
import { MikroOrmRecomputeStore, type SelectionRow, type StoredArtefact } from '@spyglass-recompute/engine';
import {
  AnalysisNwbfile,
  IntervalList,
  LabTeam,
  Nwbfile,
  RecordingRecomputeSelectionV1,
  RecordingRecomputeVersionsV1,
  Session,
  SortGroupV1,
  SpikeSortingPreprocessingParametersV1,
  SpikeSortingRecordingSelectionV1,
  SpikeSortingRecordingV1,
  UserEnvironment,
  createTestDatabase,
  loadSpyglassFixture,
  normalizeUuid,
  openDatabase,
  spyglassSchemaPrefixOf,
  testBackends,
  type RecomputeOrm,
  type SpyglassFixture,
  type TestDatabase,
} from '@spyglass-recompute/schema';
import { analysisFilePath } from '../nwb/analysisFileName';
import { v1TableDescriptors, type V1RecordingKey } from './v1TableDescriptors';

type Row = Record<string, unknown>;

/**
 * The artefact as the entity path built it before the batched plain-row read (two `findOne` of
 * managed entities per recording): the reference the store's result must equal.
 */
async function entityPathArtefact(row: Row, em: EntityManager, analysisRoot: string): Promise<StoredArtefact<V1RecordingKey>> {
  const analysisFileName = String(row.analysis_file_name);
  const analysis = await em.findOne(AnalysisNwbfile, { analysis_file_name: analysisFileName });
  const selection = await em.findOne(SpikeSortingRecordingSelectionV1, { recording_id: String(row.recording_id) });
  const registered = spyglassSchemaPrefixOf(em) === null ? analysis?.analysis_file_abs_path : undefined;
  const filePath = registered ?? analysisFilePath(analysisRoot, analysisFileName);
  return {
    key: { recording_id: normalizeUuid(String(row.recording_id)) },
    path: filePath,
    relativePath: path.join(path.basename(path.dirname(filePath)), path.basename(filePath)),
    hash: (row.hash as string | null | undefined) ?? null,
    attributes: {
      analysis_file_name: analysisFileName,
      object_id: (row.object_id as string | null | undefined) ?? null,
      electrodes_id: (row.electrodes_id as string | null | undefined) ?? null,
      hash_algorithm: (row.hash_algorithm as string | null | undefined) ?? null,
      nwb_file_name: selection?.nwb_file_name ?? null,
      sort_group_id: selection ? Number(selection.sort_group_id) : null,
      interval_list_name: selection?.interval_list_name ?? null,
      preproc_param_name: selection?.preproc_param_name ?? null,
      team_name: selection?.team_name ?? null,
    },
  };
}

const byKey = <T extends { key?: V1RecordingKey; recording?: V1RecordingKey; envId?: string; params?: object }>(items: T[]) =>
  [...items].sort((a, b) =>
    JSON.stringify([a.key ?? a.recording, a.envId, a.params]) < JSON.stringify([b.key ?? b.recording, b.envId, b.params]) ? -1 : 1,
  );

/** The store's plain-row reads equal what the entity path gives, for every recording and selection. */
async function expectStoreEqualsEntityPath(orm: RecomputeOrm, analysisRoot: string): Promise<number> {
  const em = orm.em.fork();
  const store = new MikroOrmRecomputeStore<V1RecordingKey>(orm.em, v1TableDescriptors({ analysis: analysisRoot }, orm.em));
  const recordings = (await em.find(SpikeSortingRecordingV1, {})) as unknown as Row[];
  const expectedArtefacts: Array<StoredArtefact<V1RecordingKey>> = [];
  for (const row of recordings) expectedArtefacts.push(await entityPathArtefact(row, orm.em.fork(), analysisRoot));
  const artefacts = await store.listArtefacts({});
  expect(byKey(artefacts)).toStrictEqual(byKey(expectedArtefacts));
  for (const expected of expectedArtefacts) {
    // Upper case: the key is normalised on the way in, as the entity path's conditions were.
    expect(await store.findArtefact({ recording_id: expected.key.recording_id.toUpperCase() })).toStrictEqual(expected);
  }
  const selections = (await orm.em.fork().find(RecordingRecomputeSelectionV1, {})) as unknown as Row[];
  const expectedSelections: Array<SelectionRow<V1RecordingKey>> = selections.map((row) => ({
    recording: { recording_id: normalizeUuid(String(row.recording_id)) },
    envId: String(row.env_id),
    params: { rounding: Number(row.rounding) },
    loggedAtCreation: Boolean(row.logged_at_creation),
    xfailReason: (row.xfail_reason as string | null | undefined) ?? null,
  }));
  expect(byKey(await store.listSelections({}))).toStrictEqual(byKey(expectedSelections));
  const someKeys = expectedArtefacts.slice(0, 2).map((artefact) => artefact.key);
  expect(byKey(await store.listSelections({ recordings: someKeys }))).toStrictEqual(
    byKey(expectedSelections.filter((selection) => someKeys.some((key) => key.recording_id === selection.recording.recording_id))),
  );
  return artefacts.length;
}

const NWB = 'plainrows_.nwb';
const IDS = ['6A1E0C3D-0000-4000-8000-00000000000A', '6a1e0c3d-0000-4000-8000-00000000000b', '6a1e0c3d-0000-4000-8000-00000000000c'];
const ENV = 'plainrows_env_00';

async function seedRecordings(em: EntityManager): Promise<void> {
  await em.insert(Nwbfile, { nwb_file_name: NWB, nwb_file_abs_path: `/raw/${NWB}` });
  await em.insert(Session, { nwb_file_name: NWB, session_id: 's', session_description: '', session_start_time: null });
  await em.insert(LabTeam, { team_name: 'team', team_description: '' });
  await em.insert(SortGroupV1, { nwb_file_name: NWB, sort_group_id: 3, sort_reference_electrode_id: -1 });
  await em.insert(IntervalList, { nwb_file_name: NWB, interval_list_name: 'all', valid_times: [[0, 1]], pipeline: '' });
  await em.insert(SpikeSortingPreprocessingParametersV1, { preproc_param_name: 'default', preproc_params: {} });
  await em.insert(UserEnvironment, {
    env_id: ENV,
    env_hash: 'e'.repeat(32),
    hash_algorithm: 'md5',
    env: {},
    timestamp: new Date(),
    has_editable: false,
  });
  for (const [i, id] of IDS.entries()) {
    const analysis_file_name = `plainrows_${i}.nwb`;
    await em.insert(SpikeSortingRecordingSelectionV1, {
      recording_id: id,
      nwb_file_name: NWB,
      sort_group_id: 3,
      interval_list_name: 'all',
      preproc_param_name: 'default',
      team_name: 'team',
    });
    await em.insert(AnalysisNwbfile, {
      analysis_file_name,
      analysis_file_abs_path: `/analysis/plainrows/${analysis_file_name}`,
      analysis_parent_nwb_file_name: NWB,
      analysis_file_description: '',
    });
    // Nullable columns both ways: the first recording predates `update-ids` (no hash, no electrodes id).
    await em.insert(SpikeSortingRecordingV1, {
      recording_id: id,
      analysis_file_name,
      object_id: `object-${i}`,
      electrodes_id: i === 0 ? null : `electrodes-${i}`,
      hash: i === 0 ? null : String(i).repeat(32),
      hash_algorithm: i === 0 ? null : 'spyglass-nwb',
    });
    await em.insert(RecordingRecomputeVersionsV1, { recording_id: id, nwb_deps: { core: '2.7.0' } });
    for (const rounding of i === 2 ? [4, 6] : [4]) {
      await em.insert(RecordingRecomputeSelectionV1, {
        recording_id: id,
        env_id: ENV,
        rounding,
        logged_at_creation: rounding === 6,
        xfail_reason: i === 1 ? 'writer_profile: later' : null,
      });
    }
  }
}

describe.each(testBackends())('v1 store reads on %s (own layout): plain rows equal the entity path', (backend) => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase(backend);
    await seedRecordings(db.orm.em.fork());
  });
  afterAll(async () => db?.drop());

  it('lists artefacts (uuid keys, nulls, joined selection columns, registered paths) and selections (booleans, nulls) exactly as before', async () => {
    expect(await expectStoreEqualsEntityPath(db.orm, '/local/analysis')).toBe(IDS.length);
  });
});

// The Spyglass dump (MariaDB SQL) through both drivers: binary(16) uuids, the analysis path from
// the local root rule, selections in `spikesorting_v1_recompute`.
describe('v1 store reads on the Spyglass dump: plain rows equal the entity path', () => {
  let fixture: SpyglassFixture;
  beforeAll(async () => {
    fixture = await loadSpyglassFixture();
  });
  afterAll(async () => fixture?.drop());

  it.each(['mariadb', 'mysql'])('lists artefacts and selections exactly as before (%s driver)', async (scheme) => {
    const analysisRoot = `${fixture.baseDir}/analysis`;
    const orm = await openDatabase(fixture.serverUrl.replace(/^mariadb:/, `${scheme}:`), {
      createMissing: false,
      spyglass: { schemaPrefix: fixture.schemaPrefix, storeRoots: { raw: `${fixture.baseDir}/raw`, analysis: analysisRoot } },
    });
    try {
      expect(await expectStoreEqualsEntityPath(orm, analysisRoot)).toBeGreaterThan(0);
      expect((await orm.em.fork().find(RecordingRecomputeSelectionV1, {})).length).toBeGreaterThan(0);
    } finally {
      await orm.close(true);
    }
  });
});
