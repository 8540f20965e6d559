import type { EntityManager } from '@mikro-orm/core';
import type { EnsureArtefactOptions, EnsuredArtefact } from '@spyglass-recompute/engine';
import { createV1Engine, type V1EngineContext } from '../recompute/createV1Engine';
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
  em: EntityManager,
  key: { recording_id: string },
  context: V1EngineContext,
  options: EnsureArtefactOptions = {},
): Promise<EnsuredArtefact> {
  return createV1Engine(em, context).ensureArtefact(parseV1RecordingId(key.recording_id), options);
}
