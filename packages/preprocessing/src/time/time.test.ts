import path from 'node:path';
import { readNpy } from '../io/npy';
import { golden, variantDir } from '../test-support/fixtures';
import { estimateRawSamplingRate, intersectIntervals, rawValidTimes } from './intervals';
import { samplingFrequencyFromTimestamps } from './samplingFrequencyFromTimestamps';
import { searchsorted } from './searchsorted';
import { v0SegmentRanges, v1ConsolidatedRanges } from './sliceIndices';

describe('timestamps → sampling rate and slices', () => {
  it('gives the golden 1/median(diff) rate on epoch timestamps', async () => {
    const ts = (await readNpy(path.join(variantDir('short'), 'npy', 'raw_timestamps.npy'))).data as Float64Array;
    const g = golden('short');
    expect(String(samplingFrequencyFromTimestamps(ts))).toBe(g.sampling_frequency_from_median_diff);
    const iv: [number, number] = [Number(g.sort_interval[0]), Number(g.sort_interval[1])];
    expect(v0SegmentRanges(ts, [iv]).map((r) => [r.start, r.end])).toEqual(g.v0['0'].sort_interval_frame_indices);
    expect(v1ConsolidatedRanges(ts, [iv]).map((r) => [r.start, r.end])).toEqual(g.v1['0'].consolidated_interval_indices);
  });

  it('searchsorted left/right on ties', () => {
    const a = [1, 2, 2, 3];
    expect(searchsorted(a, 2, 'left')).toBe(1);
    expect(searchsorted(a, 2, 'right')).toBe(3);
    expect(searchsorted(a, 0)).toBe(0);
    expect(searchsorted(a, 9)).toBe(4);
  });

  it('v1 merges pieces separated by one timestamp gap and keeps disjoint pieces apart', () => {
    const ts = [0, 1, 2, 3, 10, 11, 12, 13, 20, 21, 22];
    // [0,3] -> (0, 3); [10,13] -> (4, 7): 3 >= 4 - 1 merges
    expect(
      v1ConsolidatedRanges(ts, [
        [0, 3],
        [10, 13],
      ]),
    ).toEqual([{ start: 0, end: 7 }]);
    // [0,2] -> (0,2); [20,22] -> (8,10): disjoint
    expect(
      v1ConsolidatedRanges(ts, [
        [0, 2],
        [20, 22],
      ]),
    ).toEqual([
      { start: 0, end: 2 },
      { start: 8, end: 10 },
    ]);
    // v0 keeps each piece, both ends side='left'
    expect(
      v0SegmentRanges(ts, [
        [0, 3],
        [10, 13],
      ]),
    ).toEqual([
      { start: 0, end: 3 },
      { start: 4, end: 7 },
    ]);
  });

  it('finds valid times between gaps and intersects with min_length', () => {
    const ts = [0, 0.1, 0.2, 0.3, 5, 5.1, 9, 9.1, 9.2];
    const valid = rawValidTimes(ts, 10, false);
    expect(valid.length).toBe(3);
    expect(valid[0][0]).toBeCloseTo(0 - 1e-7, 12);
    expect(valid[1][1]).toBeCloseTo(5.1 + 1e-7, 12);
    expect(rawValidTimes(ts, 10, true)).toEqual([[0, 0.9]]);
    // the 0.1 s island is kept by v0 (min 0) and dropped by v1 (min_segment_length 1)
    expect(intersectIntervals([[0, 10]], valid, 0)).toHaveLength(3);
    expect(intersectIntervals([[0, 10]], valid, 0.15)).toHaveLength(2);
    expect(intersectIntervals([[0, 10]], valid, 1)).toHaveLength(0);
  });

  it('estimates the raw ingest rate from jittered timestamps', () => {
    const ts = Array.from({ length: 5000 }, (_, i) => 1000 + i / 30000 + (i > 2500 ? 0.5 : 0));
    expect(estimateRawSamplingRate(ts)).toBe(30000);
    expect(() => estimateRawSamplingRate([1, 2, 3])).toThrow(/at least 10/);
  });
});
