import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { hashAlgorithmColumn, hashColumn, intervalListNameColumn } from '../shared/keyColumns';
import { v0RecordingKeyColumns } from './recordingKeyColumns';
import { parentRef } from '../shared/parentRef';
import { SpikeSortingRecordingSelectionV0 } from './SpikeSortingRecordingSelectionV0';

/**
 * Spyglass v0 `SpikeSortingRecording`: a preprocessed recording folder. `hash` (+ its
 * algorithm) arrived with the recompute upgrade and is NULL on rows made before it until
 * `update-ids` backfills them.
 */
export const SpikeSortingRecordingV0 = defineEntity({
  name: 'SpikeSortingRecordingV0',
  tableName: 'spikesorting_v0__spike_sorting_recording',
  properties: {
    /** FK → `SpikeSortingRecordingSelectionV0`. */
    ...v0RecordingKeyColumns(),
    /** Absolute folder path (`{SPYGLASS_RECORDING_DIR}/{folder name}`). */
    recording_path: p.string().length(1000),
    sort_interval_list_name: intervalListNameColumn(),
    hash: hashColumn(),
    hash_algorithm: hashAlgorithmColumn(),
    selection: () =>
      parentRef(
        SpikeSortingRecordingSelectionV0,
        'nwb_file_name',
        'sort_group_id',
        'sort_interval_name',
        'preproc_params_name',
        'team_name',
      ),
  },
});
export type SpikeSortingRecordingV0 = InferEntity<typeof SpikeSortingRecordingV0>;
