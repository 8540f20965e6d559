import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { envIdColumn } from '../shared/keyColumns';
import { v0RecordingKeyColumns } from './recordingKeyColumns';
import { parentRef } from '../shared/parentRef';
import { UserEnvironment } from '../common/UserEnvironment';
import { RecordingRecomputeVersionsV0 } from './RecordingRecomputeVersionsV0';

/** Spyglass v0 `RecordingRecomputeSelection`: a recording to regenerate in an environment. */
export const RecordingRecomputeSelectionV0 = defineEntity({
  name: 'RecordingRecomputeSelectionV0',
  tableName: 'spikesorting_v0__recording_recompute_selection',
  properties: {
    /** FK → `RecordingRecomputeVersionsV0` (ON DELETE CASCADE). */
    ...v0RecordingKeyColumns(),
    /** FK → `UserEnvironment.env_id`. */
    env_id: envIdColumn().primary(),
    /** True when the row was logged as the file was created (counts as verified). */
    logged_at_creation: p
      .boolean()
      .default(false)
      .onCreate(() => false),
    /** Set for known expected failures; such rows are not attempted. */
    xfail_reason: p.string().length(127).nullable(),
    versions: () =>
      parentRef(RecordingRecomputeVersionsV0, 'nwb_file_name', 'sort_group_id', 'sort_interval_name', 'preproc_params_name', 'team_name'),
    environment: () => parentRef(UserEnvironment, 'env_id'),
  },
});
export type RecordingRecomputeSelectionV0 = InferEntity<typeof RecordingRecomputeSelectionV0>;
