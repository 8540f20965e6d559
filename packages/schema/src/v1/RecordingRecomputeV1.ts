import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { parentRef } from '../shared/parentRef';
import { hashPartColumns, namePartColumns } from '../shared/recomputePartColumns';
import { RecordingRecomputeSelectionV1 } from './RecordingRecomputeSelectionV1';
import { envIdColumn, recordingIdColumn } from '../shared/keyColumns';

/** The key of a v1 recompute attempt, shared by the master and its parts. */
const attemptKeyColumns = () => ({
  recording_id: recordingIdColumn().primary(),
  env_id: envIdColumn().primary(),
  rounding: p.integer().primary(),
});

/** Spyglass v1 `RecordingRecompute`: the outcome of one regeneration attempt. */
export const RecordingRecomputeV1 = defineEntity({
  name: 'RecordingRecomputeV1',
  tableName: 'spikesorting_v1__recording_recompute',
  properties: {
    /** FK → `RecordingRecomputeSelectionV1` (ON DELETE CASCADE). */
    ...attemptKeyColumns(),
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
    selection: () => parentRef(RecordingRecomputeSelectionV1, 'recording_id', 'env_id', 'rounding'),
  },
});
export type RecordingRecomputeV1 = InferEntity<typeof RecordingRecomputeV1>;

/** Part `RecordingRecompute.Name`: an NWB object present on one side only. Cascades with its master. */
export const RecordingRecomputeNameV1 = defineEntity({
  name: 'RecordingRecomputeNameV1',
  tableName: 'spikesorting_v1__recording_recompute__name',
  properties: {
    ...attemptKeyColumns(),
    ...namePartColumns(),
    master: () => parentRef(RecordingRecomputeV1, 'recording_id', 'env_id', 'rounding'),
  },
});
export type RecordingRecomputeNameV1 = InferEntity<typeof RecordingRecomputeNameV1>;

/** Part `RecordingRecompute.Hash`: an NWB object whose digests differ, with comparison results. */
export const RecordingRecomputeHashV1 = defineEntity({
  name: 'RecordingRecomputeHashV1',
  tableName: 'spikesorting_v1__recording_recompute__hash',
  properties: {
    ...attemptKeyColumns(),
    ...hashPartColumns(),
    master: () => parentRef(RecordingRecomputeV1, 'recording_id', 'env_id', 'rounding'),
  },
});
export type RecordingRecomputeHashV1 = InferEntity<typeof RecordingRecomputeHashV1>;
