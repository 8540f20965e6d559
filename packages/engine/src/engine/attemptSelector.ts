import type { AttemptParams, RecordingKey } from './RecomputePipeline';
import type { AttemptKey, RecomputeRow } from './RecomputeStore';

/**
 * Which attempts a command acts on, besides the recording restriction (the CLI's `--env-id`,
 * `--rounding`, `--matched` / `--mismatched`). Every field left out matches anything.
 */
export interface AttemptSelector {
  /** Only attempts made in this environment (`env_id`). */
  envId?: string;
  /** Only attempts with these selection-key parameters (v1: `{ rounding: 4 }`); others are free. */
  params?: AttemptParams;
  /**
   * `matched`: attempts whose result matched. `mismatched`: attempts with a result that did not
   * match (a hash mismatch, an error or an expected failure: upstream's `matched = 0`).
   */
  result?: 'matched' | 'mismatched';
}

/** True when the selector restricts nothing. */
export function isEmptySelector(selector: AttemptSelector | undefined): boolean {
  return (
    selector === undefined ||
    (selector.envId === undefined && selector.result === undefined && Object.keys(selector.params ?? {}).length === 0)
  );
}

/** Whether the attempt `selection` (with its result `row`, if any) is one `selector` picks. */
export function selectsAttempt<K extends RecordingKey>(
  selector: AttemptSelector | undefined,
  selection: AttemptKey<K>,
  row: RecomputeRow<K> | undefined,
): boolean {
  if (selector === undefined) return true;
  if (selector.envId !== undefined && selection.envId !== selector.envId) return false;
  for (const [name, value] of Object.entries(selector.params ?? {})) if (selection.params[name] !== value) return false;
  if (selector.result === 'matched') return row !== undefined && row.matched;
  if (selector.result === 'mismatched') return row !== undefined && !row.matched;
  return true;
}
