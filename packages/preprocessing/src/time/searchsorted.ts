/** numpy `searchsorted(sorted, value, side)` on an ascending Float64Array. */
export function searchsorted(sorted: ArrayLike<number>, value: number, side: 'left' | 'right' = 'left'): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const v = sorted[mid];
    if (side === 'left' ? v < value : v <= value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
