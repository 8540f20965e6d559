import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { envIdColumn } from '../shared/keyColumns';
import { v0RecordingKeyColumns } from './recordingKeyColumns';
import { parentRef } from '../shared/parentRef';
import { hashPartColumns, namePartColumns } from '../shared/recomputePartColumns';
import { RecordingRecomputeSelectionV0 } from './RecordingRecomputeSelectionV0';

/** Spyglass v0 `RecordingRecompute`: the outcome of one regeneration attempt. */
export const RecordingRecomputeV0 = defineEntity({
  name: 'RecordingRecomputeV0',
  tableName: 'spikesorting_v0__recording_recompute',
  properties: {
    /** FK → `RecordingRecomputeSelectionV0` (ON DELETE CASCADE). */
    ...v0RecordingKeyColumns(),
    env_id: envIdColumn().primary(),
    matched: p.boolean(),
    err_msg: p.string().length(2000).nullable(),
    /** When the attempt was recorded; NULL only on rows imported from older databases. */
    created_at: p
      .datetime()
      .nullable()
      .onCreate(() => new Date()),
    /** Set to true *before* the original file is unlinked. */
    deleted: p
      .boolean()
      .default(false)
      .onCreate(() => false),
    selection: () =>
      parentRef(
        RecordingRecomputeSelectionV0,
        'nwb_file_name',
        'sort_group_id',
        'sort_interval_name',
        'preproc_params_name',
        'team_name',
        'env_id',
      ),
  },
});
export type RecordingRecomputeV0 = InferEntity<typeof RecordingRecomputeV0>;

/** Part `RecordingRecompute.Name`: a file present on one side only. Cascades with its master. */
export const RecordingRecomputeNameV0 = defineEntity({
  name: 'RecordingRecomputeNameV0',
  tableName: 'spikesorting_v0__recording_recompute__name',
  properties: {
    ...v0RecordingKeyColumns(),
    env_id: envIdColumn().primary(),
    ...namePartColumns(),
    master: () =>
      parentRef(RecordingRecomputeV0, 'nwb_file_name', 'sort_group_id', 'sort_interval_name', 'preproc_params_name', 'team_name', 'env_id'),
  },
});
export type RecordingRecomputeNameV0 = InferEntity<typeof RecordingRecomputeNameV0>;

/** Part `RecordingRecompute.Hash`: a file whose digests differ, with our comparison results. */
export const RecordingRecomputeHashV0 = defineEntity({
  name: 'RecordingRecomputeHashV0',
  tableName: 'spikesorting_v0__recording_recompute__hash',
  properties: {
    ...v0RecordingKeyColumns(),
    env_id: envIdColumn().primary(),
    ...hashPartColumns(),
    master: () =>
      parentRef(RecordingRecomputeV0, 'nwb_file_name', 'sort_group_id', 'sort_interval_name', 'preproc_params_name', 'team_name', 'env_id'),
  },
});
export type RecordingRecomputeHashV0 = InferEntity<typeof RecordingRecomputeHashV0>;
