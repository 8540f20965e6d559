import type { EntityManager } from '@mikro-orm/core';
import { canonicalJson } from '@spyglass-recompute/engine';
import { IntervalList, type ValidTimes } from '@spyglass-recompute/schema';
import { commonErrors } from '../ingest/commonErrors';
import { requireNwbFile } from '../ingest/requireNwbFile';
import { checkTimeRange } from './checkTimeRange';

/** Arguments of {@link addInterval} and `addSortInterval`. */
export interface TimeWindowInput {
  nwbFileName: string;
  name: string;
  /** Seconds, in the file's timestamp clock. */
  start: number;
  end: number;
}

/** Outcome of {@link addInterval} / `addSortInterval`. */
export interface AddIntervalResult {
  nwbFileName: string;
  name: string;
  validTimes: ValidTimes;
  /** False when an identical row already existed. */
  inserted: boolean;
}

/**
 * Adds a one-piece `IntervalList` (v1 recordings name one with `--interval`). Adding the same
 * name with the same times again is a no-op.
 *
 * @throws RecomputeError `NWB_FILE_UNKNOWN`, `INTERVAL_INVALID` (empty/over-long name,
 *   `start >= end`, outside the file's recorded span), `INTERVAL_EXISTS` (different times).
 */
export async function addInterval(em: EntityManager, input: TimeWindowInput): Promise<AddIntervalResult> {
  const fork = em.fork();
  const { nwbFileName, name, start, end } = input;
  await requireNwbFile(fork, nwbFileName);
  if (!name || name.length > 170)
    throw commonErrors.intervalInvalid('interval list', name, 'the name must have 1 to 170 characters', { nwbFileName });
  await checkTimeRange(fork, 'interval list', nwbFileName, name, start, end);
  const validTimes: ValidTimes = [[start, end]];
  const existing = await fork.findOne(IntervalList, { nwb_file_name: nwbFileName, interval_list_name: name });
  if (existing) {
    if (canonicalJson(existing.valid_times) === canonicalJson(validTimes)) return { nwbFileName, name, validTimes, inserted: false };
    throw commonErrors.intervalExists('interval list', nwbFileName, name, existing.valid_times);
  }
  await fork.insert(IntervalList, { nwb_file_name: nwbFileName, interval_list_name: name, valid_times: validTimes, pipeline: '' });
  return { nwbFileName, name, validTimes, inserted: true };
}
