import { selectMiddle } from './selectMiddle';

/**
 * numpy 1.24 `np.median(x, axis=1, out=int16_tmp)` for one row of int16 values, as
 * spikeinterface's int16 global-median reference computes it: odd count → middle value;
 * even count → `trunc(wrap16(a + b) / 2)` of the two middle values (the sum wraps in
 * int16 before halving: 20000, 20001 → −12767).
 *
 */
export function medianInt16(values: Int16Array | number[]): number {
  const k = values.length;
  if (k === 0) throw new RangeError('median of zero channels');
  const arr = Float64Array.from(values);
  const mid = new Float64Array(2);
  selectMiddle(arr, k, mid);
  const a = mid[0];
  const b = mid[1];
  if (k % 2) return a;
  const wrapped = ((a + b + 32768) & 0xffff) - 32768;
  return Math.trunc(wrapped / 2.0);
}
