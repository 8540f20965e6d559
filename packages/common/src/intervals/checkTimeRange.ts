import type { EntityManager } from '@mikro-orm/core';
import { IntervalList } from '@spyglass-recompute/schema';
import { commonErrors } from '../ingest/commonErrors';
import { RAW_VALID_TIMES_INTERVAL } from '../ingest/ingestRawNwb';

/**
 * Checks `start < end` (finite seconds) and that `[start, end]` lies within the span of the
 * file's "raw data valid times" (first start .. last end; it may cross gaps, which the
 * pipelines cut out by intersecting with the valid times).
 *
 * @throws RecomputeError `INTERVAL_INVALID` naming the interval and the allowed span.
 */
export async function checkTimeRange(
  em: EntityManager,
  what: string,
  nwbFileName: string,
  name: string,
  start: number,
  end: number,
): Promise<void> {
  const details = { nwbFileName, start, end };
  if (!(Number.isFinite(start) && Number.isFinite(end)))
    throw commonErrors.intervalInvalid(what, name, `--start and --end must be numbers of seconds, got ${start} and ${end}`, details);
  if (!(start < end)) throw commonErrors.intervalInvalid(what, name, `--start (${start}) must be less than --end (${end})`, details);
  const valid = await em.findOne(IntervalList, { nwb_file_name: nwbFileName, interval_list_name: RAW_VALID_TIMES_INTERVAL });
  const pieces = valid?.valid_times ?? [];
  if (pieces.length === 0)
    throw commonErrors.intervalInvalid(what, name, `${nwbFileName} has no "${RAW_VALID_TIMES_INTERVAL}"; ingest it again`, details);
  const first = Math.min(...pieces.map((p) => p[0]));
  const last = Math.max(...pieces.map((p) => p[1]));
  if (start < first || end > last) {
    throw commonErrors.intervalInvalid(
      what,
      name,
      `[${start}, ${end}] is outside the recorded time of ${nwbFileName} [${first}, ${last}]`,
      { ...details, validStart: first, validEnd: last },
    );
  }
}
