import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { v0RecordingKeyColumns } from './recordingKeyColumns';
import { parentRef } from '../shared/parentRef';
import { SpikeSortingRecordingV0 } from './SpikeSortingRecordingV0';

/** Spyglass v0 `RecordingRecomputeVersions`: package versions read from the folder's JSON. */
export const RecordingRecomputeVersionsV0 = defineEntity({
  name: 'RecordingRecomputeVersionsV0',
  tableName: 'spikesorting_v0__recording_recompute_versions',
  properties: {
    /** FK → `SpikeSortingRecordingV0` (ON DELETE CASCADE). */
    ...v0RecordingKeyColumns(),
    spikeinterface: p.string().length(16),
    probeinterface: p.string().length(16),
    recording: () =>
      parentRef(SpikeSortingRecordingV0, 'nwb_file_name', 'sort_group_id', 'sort_interval_name', 'preproc_params_name', 'team_name'),
  },
});
export type RecordingRecomputeVersionsV0 = InferEntity<typeof RecordingRecomputeVersionsV0>;
