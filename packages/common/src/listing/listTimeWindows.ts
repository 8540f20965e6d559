import type { EntityManager } from '@mikro-orm/core';
import { IntervalList, SortIntervalV0 } from '@spyglass-recompute/schema';

/** One named time window: an IntervalList row or a v0 SortInterval row. */
export interface TimeWindowRow {
  nwbFileName: string;
  name: string;
  /** `[start, end]` pieces in seconds. */
  validTimes: Array<[number, number]>;
  /** Seconds covered by the pieces. */
  durationSeconds: number;
}

/**
 * The named time windows of one table, ordered by file then name: `interval` is IntervalList
 * (what v1 recordings name with `--interval`), `sort-interval` the v0 SortInterval table.
 */
export async function listTimeWindows(
  em: EntityManager,
  table: 'interval' | 'sort-interval',
  filter: { nwbFileNames?: readonly string[] } = {},
): Promise<TimeWindowRow[]> {
  const where = filter.nwbFileNames && filter.nwbFileNames.length > 0 ? { nwb_file_name: { $in: [...filter.nwbFileNames] } } : {};
  const rows =
    table === 'interval'
      ? (await em.fork().find(IntervalList, where, { orderBy: { nwb_file_name: 'asc', interval_list_name: 'asc' } })).map((r) => ({
          nwbFileName: r.nwb_file_name,
          name: r.interval_list_name,
          times: r.valid_times as unknown,
        }))
      : (await em.fork().find(SortIntervalV0, where, { orderBy: { nwb_file_name: 'asc', sort_interval_name: 'asc' } })).map((r) => ({
          nwbFileName: r.nwb_file_name,
          name: r.sort_interval_name,
          times: r.sort_interval as unknown,
        }));
  return rows.map(({ nwbFileName, name, times }) => {
    const validTimes = asPieces(typeof times === 'string' ? JSON.parse(times) : times);
    return { nwbFileName, name, validTimes, durationSeconds: validTimes.reduce((sum, [start, end]) => sum + (end - start), 0) };
  });
}

/** A v0 sort interval may be one `[start, end]` pair; IntervalList always holds pairs. */
function asPieces(value: unknown): Array<[number, number]> {
  if (!Array.isArray(value)) return [];
  if (value.length === 2 && typeof value[0] === 'number') return [[Number(value[0]), Number(value[1])]];
  return (value as unknown[][]).map((piece) => [Number(piece[0]), Number(piece[1])] as [number, number]);
}
