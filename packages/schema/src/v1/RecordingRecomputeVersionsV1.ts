import { defineEntity, type InferEntity } from '@mikro-orm/core';
import { jsonColumn, recordingIdColumn } from '../shared/keyColumns';
import { parentRef } from '../shared/parentRef';
import { SpikeSortingRecordingV1 } from './SpikeSortingRecordingV1';

/** Spyglass v1 `RecordingRecomputeVersions`: NWB namespace versions of the file. */
export const RecordingRecomputeVersionsV1 = defineEntity({
  name: 'RecordingRecomputeVersionsV1',
  tableName: 'spikesorting_v1__recording_recompute_versions',
  properties: {
    /** FK → `SpikeSortingRecordingV1` (ON DELETE CASCADE). */
    recording_id: recordingIdColumn().primary(),
    /** Namespace → version, plus the generator's version. */
    nwb_deps: jsonColumn<Record<string, unknown>>().nullable(),
    recording: () => parentRef(SpikeSortingRecordingV1, 'recording_id'),
  },
});
export type RecordingRecomputeVersionsV1 = InferEntity<typeof RecordingRecomputeVersionsV1>;
