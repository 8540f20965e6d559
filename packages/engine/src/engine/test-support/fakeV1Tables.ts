import type { EntityManager, EntityName } from '@mikro-orm/core';
import {
  AnalysisNwbfile,
  IntervalList,
  LabTeam,
  Nwbfile,
  RecordingRecomputeHashV1,
  RecordingRecomputeNameV1,
  RecordingRecomputeSelectionV1,
  RecordingRecomputeV1,
  RecordingRecomputeVersionsV1,
  Session,
  SortGroupV1,
  SpikeSortingPreprocessingParametersV1,
  SpikeSortingRecordingSelectionV1,
  SpikeSortingRecordingV1,
  UserEnvironment,
} from '@spyglass-recompute/schema';
import type { RecomputeTableDescriptors } from '../MikroOrmRecomputeStore';
import type { StoredArtefact } from '../RecomputePipeline';
import type { FakeKey } from './FakePipeline';

/*
 * The fake pipeline stored in the real v1 tables (uuid keys, rounding param), so the
 * generic MikroORM store is tested on the harder key shape. A fake name (≤ 16 ASCII chars)
 * is encoded reversibly into the uuid.
 */

export function nameToUuid(name: string): string {
  const hex = Buffer.from(name, 'latin1').toString('hex').padEnd(32, '0');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export function uuidToName(uuid: string): string {
  return Buffer.from(uuid.replace(/-/g, ''), 'hex').toString('latin1').replace(/\0+$/, '');
}

const NWB = 'fake_.nwb';

/** Descriptors mapping the fake artefacts onto the v1 tables; `locate` maps a name to its artefact. */
export function fakeV1Descriptors(locate: (name: string) => StoredArtefact<FakeKey>): RecomputeTableDescriptors<FakeKey> {
  return {
    entities: {
      recording: SpikeSortingRecordingV1,
      versions: RecordingRecomputeVersionsV1,
      selection: RecordingRecomputeSelectionV1,
      recompute: RecordingRecomputeV1,
      namePart: RecordingRecomputeNameV1,
      hashPart: RecordingRecomputeHashV1,
    },
    keyColumns: ['recording_id'],
    paramColumns: ['rounding'],
    keyToColumns: (key) => ({ recording_id: nameToUuid(key.name) }),
    columnsToKey: (row) => ({ name: uuidToName(String(row.recording_id)) }),
    toArtefact: (row) => {
      const name = uuidToName(String(row.recording_id));
      return { ...locate(name), hash: (row.hash as string | null) ?? null };
    },
    versionsToColumns: (versions) => ({ nwb_deps: versions }),
    columnsToVersions: (row) => (row.nwb_deps ?? {}) as Record<string, string>,
  };
}

/** Deletes every row the fake recordings put in the v1 and recompute tables (child tables first). */
export async function clearFakeTables(em: EntityManager): Promise<void> {
  const fork = em.fork();
  const children: Array<EntityName<object>> = [
    RecordingRecomputeNameV1,
    RecordingRecomputeHashV1,
    RecordingRecomputeV1,
    RecordingRecomputeSelectionV1,
    RecordingRecomputeVersionsV1,
    SpikeSortingRecordingV1,
    AnalysisNwbfile,
    SpikeSortingRecordingSelectionV1,
  ] as Array<EntityName<object>>;
  for (const entity of children) await fork.nativeDelete(entity, {});
}

/** Inserts the parent rows every fake recording hangs from, and the environments tests use. */
export async function seedFakeParents(em: EntityManager, envIds: readonly string[]): Promise<void> {
  const fork = em.fork();
  await fork.insert(Nwbfile, { nwb_file_name: NWB, nwb_file_abs_path: `/raw/${NWB}` });
  await fork.insert(Session, { nwb_file_name: NWB, session_id: 'fake', session_description: '', session_start_time: null });
  await fork.insert(LabTeam, { team_name: 'team', team_description: '' });
  await fork.insert(SortGroupV1, { nwb_file_name: NWB, sort_group_id: 0, sort_reference_electrode_id: -1 });
  await fork.insert(IntervalList, { nwb_file_name: NWB, interval_list_name: 'all', valid_times: [[0, 1]], pipeline: '' });
  await fork.insert(SpikeSortingPreprocessingParametersV1, { preproc_param_name: 'default', preproc_params: {} });
  for (const env_id of envIds) {
    await fork.insert(UserEnvironment, {
      env_id,
      env_hash: env_id.padEnd(32, '0').slice(0, 32),
      hash_algorithm: 'md5',
      env: {},
      timestamp: new Date(),
      has_editable: false,
    });
  }
}

/** Registers one fake artefact as a v1 recording row (with its selection and analysis file rows). */
export async function registerFakeRecording(em: EntityManager, artefact: StoredArtefact<FakeKey>): Promise<void> {
  const fork = em.fork();
  const recording_id = nameToUuid(artefact.key.name);
  const analysis_file_name = `fake_${artefact.key.name}.nwb`;
  await fork.insert(SpikeSortingRecordingSelectionV1, {
    recording_id,
    nwb_file_name: NWB,
    sort_group_id: 0,
    interval_list_name: 'all',
    preproc_param_name: 'default',
    team_name: 'team',
  });
  await fork.insert(AnalysisNwbfile, {
    analysis_file_name,
    analysis_file_abs_path: artefact.path,
    analysis_parent_nwb_file_name: NWB,
    analysis_file_description: '',
  });
  await fork.insert(SpikeSortingRecordingV1, {
    recording_id,
    analysis_file_name,
    object_id: 'fake-object',
    electrodes_id: null,
    hash: artefact.hash,
    hash_algorithm: 'fake-md5',
  });
}
