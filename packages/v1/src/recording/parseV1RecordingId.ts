import { normalizeUuid } from '@spyglass-recompute/schema';
import { v1Errors } from './v1Errors';
import type { V1RecordingKey } from '../recompute/v1TableDescriptors';

/**
 * Parses a v1 `recording_id` (a uuid, any case, with or without dashes) into a key.
 *
 * @throws RecomputeError `RECORDING_ID_INVALID` (exit 2) naming the text.
 */
export function parseV1RecordingId(text: string): V1RecordingKey {
  try {
    return { recording_id: normalizeUuid(String(text)) };
  } catch {
    throw v1Errors.recordingIdInvalid(String(text));
  }
}
