/** numpy `np.median` of float64 values: middle value, or `(a + b) / 2` of the two middle ones (sorted in place). */
export function medianFloat64(values: Float64Array): number {
  const k = values.length;
  if (k === 0) throw new RangeError('median of zero channels');
  values.sort();
  if (k % 2) return values[k >> 1];
  // numpy's mean of the two middle values: (a + b) * 0.5 == (a + b) / 2 exactly
  return (values[k / 2 - 1] + values[k / 2]) / 2;
}
