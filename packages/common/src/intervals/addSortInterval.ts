import type { EntityManager } from '@mikro-orm/core';
import { assertSafePathComponent } from '@spyglass-recompute/nwb';
import { canonicalJson } from '@spyglass-recompute/engine';
import { SortIntervalV0 } from '@spyglass-recompute/schema';
import { commonErrors } from '../ingest/commonErrors';
import { requireNwbFile } from '../ingest/requireNwbFile';
import type { TimeWindowInput } from './addInterval';
import { checkTimeRange } from './checkTimeRange';

/** Outcome of {@link addSortInterval}. */
export interface AddSortIntervalResult {
  nwbFileName: string;
  name: string;
  /** Stored like Spyglass's numpy `[start, end]`. */
  sortInterval: [number, number];
  inserted: boolean;
}

/**
 * Adds a v0 `SortInterval` (`[start, end]` seconds). Adding the same name with the same times
 * again is a no-op.
 *
 * @throws RecomputeError `NWB_FILE_UNKNOWN`, `INTERVAL_INVALID`, `UNSAFE_NAME`, `INTERVAL_EXISTS`.
 */
export async function addSortInterval(em: EntityManager, input: TimeWindowInput): Promise<AddSortIntervalResult> {
  const fork = em.fork();
  const { nwbFileName, name, start, end } = input;
  await requireNwbFile(fork, nwbFileName);
  if (!name || name.length > 64)
    throw commonErrors.intervalInvalid('sort interval', name, 'the name must have 1 to 64 characters', { nwbFileName });
  assertSafePathComponent(name, { flag: 'NAME', what: 'v0 sort interval name (it becomes part of recording folder names)' });
  await checkTimeRange(fork, 'sort interval', nwbFileName, name, start, end);
  const sortInterval: [number, number] = [start, end];
  const existing = await fork.findOne(SortIntervalV0, { nwb_file_name: nwbFileName, sort_interval_name: name });
  if (existing) {
    if (canonicalJson(existing.sort_interval) === canonicalJson(sortInterval)) return { nwbFileName, name, sortInterval, inserted: false };
    throw commonErrors.intervalExists('sort interval', nwbFileName, name, existing.sort_interval);
  }
  await fork.insert(SortIntervalV0, { nwb_file_name: nwbFileName, sort_interval_name: name, sort_interval: sortInterval });
  return { nwbFileName, name, sortInterval, inserted: true };
}
