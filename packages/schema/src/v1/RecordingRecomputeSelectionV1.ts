import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { envIdColumn, recordingIdColumn } from '../shared/keyColumns';
import { parentRef } from '../shared/parentRef';
import { UserEnvironment } from '../common/UserEnvironment';
import { RecordingRecomputeVersionsV1 } from './RecordingRecomputeVersionsV1';

/** Default hashing precision of v1 attempts (Spyglass `rounding=4`). */
export const DEFAULT_ROUNDING = 4;

/** Spyglass v1 `RecordingRecomputeSelection`: a recording to regenerate at a precision. */
export const RecordingRecomputeSelectionV1 = defineEntity({
  name: 'RecordingRecomputeSelectionV1',
  tableName: 'spikesorting_v1__recording_recompute_selection',
  properties: {
    /** FK → `RecordingRecomputeVersionsV1` (ON DELETE CASCADE). */
    recording_id: recordingIdColumn().primary(),
    /** FK → `UserEnvironment.env_id`. */
    env_id: envIdColumn().primary(),
    /** Decimal places the hasher rounds float data to (`precision` in Spyglass's code). */
    rounding: p
      .integer()
      .primary()
      .default(DEFAULT_ROUNDING)
      .onCreate(() => DEFAULT_ROUNDING),
    logged_at_creation: p
      .boolean()
      .default(false)
      .onCreate(() => false),
    xfail_reason: p.string().length(127).nullable(),
    versions: () => parentRef(RecordingRecomputeVersionsV1, 'recording_id'),
    environment: () => parentRef(UserEnvironment, 'env_id'),
  },
});
export type RecordingRecomputeSelectionV1 = InferEntity<typeof RecordingRecomputeSelectionV1>;
