import { canonicalJson } from '../environment/canonicalJson';
import type { AttemptParams, RecordingKey } from './RecomputePipeline';

/** Stable string identity of a recording key (canonical JSON, so field order does not matter). */
export function keyId(key: RecordingKey): string {
  return canonicalJson(key);
}

/** Stable string identity of an attempt (recording key + env id + params). */
export function attemptId(attempt: { recording: RecordingKey; envId: string; params: AttemptParams }): string {
  return canonicalJson({ recording: attempt.recording, envId: attempt.envId, params: attempt.params });
}
