import { preprocessingErrors } from '../preprocessingErrors';

/** A `[start, stop]` time interval in seconds. */
export type Interval = [number, number];

/**
 * Spyglass `interval_list_intersect`: both lists sorted by start, every overlapping pair
 * gives `[max(starts), min(stops)]` when `stop > start`, sorted by start; only pieces with
 * `minLength < stop - start` are kept (v1: `min_segment_length`; v0: 0).
 */
export function intersectIntervals(a: Interval[], b: Interval[], minLength = 0): Interval[] {
  const sa = [...a].sort((x, y) => x[0] - y[0]);
  const sb = [...b].sort((x, y) => x[0] - y[0]);
  const out: Interval[] = [];
  for (const x of sa) {
    for (const y of sb) {
      const start = Math.max(x[0], y[0]);
      const stop = Math.min(x[1], y[1]);
      if (stop > start) out.push([start, stop]);
    }
  }
  out.sort((x, y) => x[0] - y[0]);
  return out.filter(([s, e]) => minLength < e - s);
}

/** Options of {@link rawValidTimes}. */
export interface ValidTimesOptions {
  /** A gap is a difference greater than `gapProportion / rate`. @default 1.75 */
  gapProportion?: number;
  /** Pieces not longer than this (seconds) are dropped. @default 0 */
  minValidLength?: number;
}

/**
 * Spyglass "raw data valid times" (`get_valid_intervals`): with a stored `rate`,
 * `[[0, n/rate]]`; otherwise pieces between timestamp gaps, each widened by 1e-7 s.
 */
export function rawValidTimes(
  timestamps: ArrayLike<number>,
  rate: number,
  hasRateAttribute: boolean,
  options: ValidTimesOptions = {},
): Interval[] {
  const { gapProportion = 1.75, minValidLength = 0 } = options;
  const n = timestamps.length;
  if (hasRateAttribute) return [[0, n / rate]];
  const eps = 0.0000001;
  const gapThreshold = gapProportion / rate;
  const starts: number[] = [0];
  const stops: number[] = [];
  for (let i = 0; i + 1 < n; i++) {
    if (timestamps[i + 1] - timestamps[i] > gapThreshold) {
      stops.push(i);
      starts.push(i + 1);
    }
  }
  stops.push(n - 1);
  const out: Interval[] = [];
  for (let k = 0; k < starts.length; k++) {
    const piece: Interval = [timestamps[starts[k]] - eps, timestamps[stops[k]] + eps];
    if (piece[1] - piece[0] > minValidLength) out.push(piece);
  }
  return out;
}

/**
 * Spyglass ingest rate estimate for a series without `rate`: box-car smoothed diffs of the
 * first 1e6 timestamps, the modal bin of a 100-bin log10 histogram over
 * `[-5, log10(3·mean)]`, adjacent diffs `< mode·1.5`, `round(1 / mean(adjacent))`.
 */
export function estimateRawSamplingRate(timestamps: ArrayLike<number>): number {
  const m = Math.min(timestamps.length, 1_000_000);
  const diffs: number[] = [];
  for (let i = 0; i + 1 < m; i++) {
    const d = timestamps[i + 1] - timestamps[i];
    if (!Number.isNaN(d)) diffs.push(d);
  }
  if (diffs.length < 10) {
    throw preprocessingErrors.timestampDifferencesTooFew(diffs.length);
  }
  const nSmooth = 10;
  const k = diffs.length;
  const smooth = new Float64Array(k);
  // np.convolve(d, ones(10)/10, 'same'): output i averages d[i-5 .. i+4]
  for (let i = 0; i < k; i++) {
    let s = 0;
    for (let j = 0; j < nSmooth; j++) {
      const idx = i + j - (nSmooth >> 1);
      if (idx >= 0 && idx < k) s += diffs[idx] * 0.1;
    }
    smooth[i] = s;
  }
  let mean = 0;
  for (const v of smooth) mean += v;
  mean /= k;
  const lo = -5;
  const hi = Math.log10(3 * mean);
  const bins = 100;
  const hist = new Array<number>(bins).fill(0);
  for (const v of smooth) {
    const x = Math.log10(v);
    if (!(x >= lo && x <= hi)) continue;
    let b = Math.floor(((x - lo) / (hi - lo)) * bins);
    if (b === bins) b = bins - 1;
    hist[b]++;
  }
  let best = 0;
  for (let b = 1; b < bins; b++) if (hist[b] > hist[best]) best = b;
  const mode = 10 ** (lo + ((hi - lo) * best) / bins);
  let sum = 0;
  let count = 0;
  for (const d of diffs) {
    if (d < mode * 1.5) {
      sum += d;
      count++;
    }
  }
  // np.round rounds half to even
  const v = 1 / (sum / count);
  const r = Math.round(v);
  return r - v === 0.5 && r % 2 !== 0 ? r - 1 : r;
}
