import { selectMiddle } from './selectMiddle';

/** numpy `np.median` of float64 values: middle value, or `(a + b) / 2` of the two middle ones (reordered in place). */
export function medianFloat64(values: Float64Array): number {
  const k = values.length;
  if (k === 0) throw new RangeError('median of zero channels');
  const mid = new Float64Array(2);
  selectMiddle(values, k, mid);
  const a = mid[0];
  const b = mid[1];
  if (k % 2) return a;
  // numpy takes the mean of the two middle values: (a + b) / 2
  return (a + b) / 2;
}
