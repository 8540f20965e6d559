import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { analysisFileNameColumn, hashAlgorithmColumn, hashColumn, recordingIdColumn } from '../shared/keyColumns';
import { parentRef } from '../shared/parentRef';
import { AnalysisNwbfile } from '../common/AnalysisNwbfile';
import { SpikeSortingRecordingSelectionV1 } from './SpikeSortingRecordingSelectionV1';

/**
 * Spyglass v1 `SpikeSortingRecording`: the analysis NWB file holding the preprocessed
 * recording. `electrodes_id` and `hash` (+ algorithm) arrived with the recompute upgrade and
 * are NULL on older rows until `update-ids` backfills them.
 */
export const SpikeSortingRecordingV1 = defineEntity({
  name: 'SpikeSortingRecordingV1',
  tableName: 'spikesorting_v1__spike_sorting_recording',
  properties: {
    /** FK → `SpikeSortingRecordingSelectionV1`. */
    recording_id: recordingIdColumn().primary(),
    /** FK → `AnalysisNwbfile.analysis_file_name`. */
    analysis_file_name: analysisFileNameColumn(),
    /** NWB object id of the ElectricalSeries. */
    object_id: p.string().length(40),
    /** NWB object id of the electrodes table. */
    electrodes_id: p.string().length(40).nullable(),
    hash: hashColumn(),
    hash_algorithm: hashAlgorithmColumn(),
    selection: () => parentRef(SpikeSortingRecordingSelectionV1, 'recording_id'),
    analysisFile: () => parentRef(AnalysisNwbfile, 'analysis_file_name'),
  },
});
export type SpikeSortingRecordingV1 = InferEntity<typeof SpikeSortingRecordingV1>;
