import type { EnsureArtefactOptions, EnsuredArtefact, PipelineContext } from '@spyglass-recompute/engine';
import type { RecomputeEntityManager } from '@spyglass-recompute/schema';
import { v1RecomputeModule } from '../recompute/v1RecomputeModule';
import { parseV1RecordingId } from './parseV1RecordingId';

/**
 * Spyglass `SpikeSortingRecording.fetch_nwb` as the single on-demand chokepoint: returns the
 * analysis file's path, regenerating it (stored file name and object ids) and verifying its
 * hash when it is missing. A regeneration whose hash differs from the stored one is deleted
 * and fails with `REGENERATED_HASH_MISMATCH` (exit 4).
 *
 * @throws RecomputeError `RECORDING_ID_INVALID`, `RECORDING_NOT_FOUND`, `HASH_NOT_STORED`,
 *   `REGENERATED_HASH_MISMATCH`, `REGENERATION_FAILED`.
 */
export function fetchNwb(
  em: RecomputeEntityManager,
  key: { recording_id: string },
  context: PipelineContext,
  options: EnsureArtefactOptions = {},
): Promise<EnsuredArtefact> {
  return v1RecomputeModule.fetch({ ...context, em }, parseV1RecordingId(key.recording_id), options);
}
