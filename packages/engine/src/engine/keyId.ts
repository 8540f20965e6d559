import { canonicalJson } from '../environment/canonicalJson';
import type { AttemptParams, RecordingKey } from './RecomputePipeline';

/** Stable string identity of a recording key (canonical JSON, so field order does not matter). */
export function keyId(key: RecordingKey): string {
  return flatCanonicalJson(key) ?? canonicalJson(key);
}

/** Stable string identity of an attempt (recording key + env id + params). */
export function attemptId(attempt: { recording: RecordingKey; envId: string; params: AttemptParams }): string {
  const recording = flatCanonicalJson(attempt.recording);
  const params = flatCanonicalJson(attempt.params);
  // canonicalJson of { envId, params, recording }: its members in sorted order.
  if (recording !== undefined && params !== undefined && typeof attempt.envId === 'string') {
    return `{"envId":${JSON.stringify(attempt.envId)},"params":${params},"recording":${recording}}`;
  }
  return canonicalJson({ recording: attempt.recording, envId: attempt.envId, params: attempt.params });
}

/**
 * `canonicalJson(record)` for a record of strings and finite numbers (every key and params object),
 * without its general recursion: `status` over 10,000 attempts computes these ids about 50,000
 * times. undefined for any other record, which then takes the general path.
 */
function flatCanonicalJson(record: Readonly<Record<string, unknown>>): string | undefined {
  const names = Object.keys(record).sort();
  let out = '{';
  for (const [index, name] of names.entries()) {
    const value = record[name];
    if (typeof value !== 'string' && !(typeof value === 'number' && Number.isFinite(value))) return undefined;
    out += `${index === 0 ? '' : ','}${JSON.stringify(name)}:${JSON.stringify(value)}`;
  }
  return `${out}}`;
}
