import { preprocessingErrors } from '../preprocessingErrors';

/**
 * spikeinterface `NwbRecordingExtractor` rate for a series without `rate`:
 * `1 / median(diff(timestamps[:100000]))` in float64. Epoch-scale timestamps quantise the
 * differences, so a nominal 30 kHz file gives 29959.314285714285 Hz; everything downstream
 * uses this value. Pass at least the first 100000 timestamps (more are ignored).
 */
export function samplingFrequencyFromTimestamps(timestamps: ArrayLike<number>): number {
  const n = Math.min(timestamps.length, 100000);
  if (n < 2) {
    throw preprocessingErrors.timestampsTooFew(n);
  }
  const d = new Float64Array(n - 1);
  for (let i = 0; i < n - 1; i++) d[i] = timestamps[i + 1] - timestamps[i];
  d.sort();
  const k = d.length;
  const median = k % 2 ? d[k >> 1] : (d[k / 2 - 1] + d[k / 2]) / 2;
  return 1.0 / median;
}
