import path from 'node:path';
import { isStrictlyInside, type DataRoots } from '@spyglass-recompute/nwb';
import type { RecomputeTableDescriptors } from '@spyglass-recompute/engine';
import {
  RecordingRecomputeHashV0,
  RecordingRecomputeNameV0,
  RecordingRecomputeSelectionV0,
  RecordingRecomputeV0,
  RecordingRecomputeVersionsV0,
  SpikeSortingRecordingV0,
} from '@spyglass-recompute/schema';
import { v0ArtefactRoot } from '../recording/recordingFolderName';
import type { V0Key } from './V0Key';

/** The v0 recording primary key, in DataJoint order. */
export const V0_KEY_COLUMNS = ['nwb_file_name', 'sort_group_id', 'sort_interval_name', 'preproc_params_name', 'team_name'] as const;

/** A v0 key from any row that carries the key columns (numbers normalised). */
export function v0KeyOf(row: Record<string, unknown>): V0Key {
  return {
    nwb_file_name: String(row.nwb_file_name),
    sort_group_id: Number(row.sort_group_id),
    sort_interval_name: String(row.sort_interval_name),
    preproc_params_name: String(row.preproc_params_name),
    team_name: String(row.team_name),
  };
}

/**
 * How the v0 recompute tables look to the generic MikroORM store: composite natural key,
 * no attempt parameters, versions as two columns. The artefact's relative path is the
 * folder's path under `SPYGLASS_RECORDING_DIR` (its folder name when it lies elsewhere).
 */
export function v0TableDescriptors(roots: Pick<DataRoots, 'recording'>): RecomputeTableDescriptors<V0Key> {
  const recordingRoot = v0ArtefactRoot(roots);
  return {
    entities: {
      recording: SpikeSortingRecordingV0,
      versions: RecordingRecomputeVersionsV0,
      selection: RecordingRecomputeSelectionV0,
      recompute: RecordingRecomputeV0,
      namePart: RecordingRecomputeNameV0,
      hashPart: RecordingRecomputeHashV0,
    },
    keyColumns: V0_KEY_COLUMNS,
    paramColumns: [],
    keyToColumns: (key) => ({ ...v0KeyOf(key) }),
    columnsToKey: (row) => v0KeyOf(row),
    toArtefact: (row) => {
      const key = v0KeyOf(row);
      const folder = String(row.recording_path);
      const inside = isStrictlyInside(path.resolve(folder), path.resolve(recordingRoot));
      const relative = path.relative(path.resolve(recordingRoot), path.resolve(folder));
      return {
        key,
        path: folder,
        relativePath: inside ? relative : path.basename(folder),
        hash: (row.hash as string | null | undefined) ?? null,
        attributes: { ...key, sort_interval_list_name: (row.sort_interval_list_name as string | null | undefined) ?? null },
      };
    },
    versionsToColumns: (versions) => ({ spikeinterface: versions.spikeinterface ?? '', probeinterface: versions.probeinterface ?? '' }),
    columnsToVersions: (row) => ({ spikeinterface: String(row.spikeinterface ?? ''), probeinterface: String(row.probeinterface ?? '') }),
  };
}
