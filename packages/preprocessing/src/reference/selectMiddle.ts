/**
 * The two middle order statistics of `a[0..n)` (equal for odd `n`), found by quickselect
 * in place: O(n) per call instead of a sort, which matters because the global-median
 * reference runs once per sample. Float64Array only (one element kind keeps the hot loop
 * monomorphic; int16 values are exact in float64); values are reordered.
 *
 * @param out receives `[lower, upper]`: for odd `n` both are the median; for even `n` the
 *   `n/2 - 1`-th and `n/2`-th smallest (an output buffer: this runs once per sample).
 */
export function selectMiddle(a: Float64Array, n: number, out: Float64Array): void {
  const m = n >> 1; // upper middle index
  let lo = 0;
  let hi = n - 1;
  while (hi > lo) {
    // median-of-three pivot, Hoare partition
    const mid = (lo + hi) >> 1;
    const x = a[lo];
    const y = a[mid];
    const z = a[hi];
    const pivot = x < y ? (y < z ? y : x < z ? z : x) : x < z ? x : y < z ? z : y;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (a[i] < pivot) i++;
      while (a[j] > pivot) j--;
      if (i <= j) {
        const t = a[i];
        a[i] = a[j];
        a[j] = t;
        i++;
        j--;
      }
    }
    if (m <= j) hi = j;
    else if (m >= i) lo = i;
    else break; // a[j+1 .. i-1] all equal the pivot and contain m
  }
  const upper = a[m];
  out[1] = upper;
  if (n % 2) {
    out[0] = upper;
    return;
  }
  // every element left of m is <= a[m]; the lower middle is their maximum
  let lower = a[0];
  for (let k = 1; k < m; k++) if (a[k] > lower) lower = a[k];
  out[0] = lower;
}
