import type { Interval } from './intervals';
import { searchsorted } from './searchsorted';

/** A half-open sample range `[start, end)` of the raw recording. */
export interface SampleRange {
  start: number;
  end: number;
}

/**
 * v0 slicing: `[s, e) = searchsorted(times, [start, end])` (both side='left') per sort
 * piece; each piece stays its own segment.
 */
export function v0SegmentRanges(timestamps: ArrayLike<number>, pieces: Interval[]): SampleRange[] {
  return pieces.map(([start, stop]) => ({ start: searchsorted(timestamps, start, 'left'), end: searchsorted(timestamps, stop, 'left') }));
}

/**
 * Spyglass v1 `_consolidate_intervals`: `start = searchsorted(left)`,
 * `stop = searchsorted(right) - 1`, merged while `stop >= next_start - 1`; used as
 * `frame_slice(start, stop)`, so the sample at `stop` is dropped. Unsorted input is sorted
 * column-wise like `np.sort(intervals, axis=0)`.
 */
export function v1ConsolidatedRanges(timestamps: ArrayLike<number>, intervals: Interval[]): SampleRange[] {
  if (intervals.length === 0) return [];
  let iv = intervals;
  const sortedRows = iv.every((x, i) => i === 0 || (iv[i - 1][0] <= x[0] && iv[i - 1][1] <= x[1]));
  if (!sortedRows) {
    const starts = iv.map((x) => x[0]).sort((a, b) => a - b);
    const stops = iv.map((x) => x[1]).sort((a, b) => a - b);
    iv = starts.map((s, i) => [s, stops[i]] as Interval);
  }
  const startIdx = iv.map((x) => searchsorted(timestamps, x[0], 'left'));
  const stopIdx = iv.map((x) => searchsorted(timestamps, x[1], 'right') - 1);
  const out: SampleRange[] = [];
  let start = startIdx[0];
  let stop = stopIdx[0];
  for (let i = 0; i < startIdx.length; i++) {
    if (stop >= startIdx[i] - 1) {
      stop = Math.max(stop, stopIdx[i]);
    } else {
      out.push({ start, end: stop });
      start = startIdx[i];
      stop = stopIdx[i];
    }
  }
  out.push({ start, end: stop });
  return out;
}
