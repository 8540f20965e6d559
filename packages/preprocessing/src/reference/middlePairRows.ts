/**
 * Batcher's odd-even merge sort comparators for `n` (a power of two) wires, in order;
 * each pair `[i, j]` (i < j) puts the smaller value on wire `i`.
 */
export function batcherComparators(n: number): [number, number][] {
  const pairs: [number, number][] = [];
  for (let p = 1; p < n; p <<= 1) {
    for (let k = p; k >= 1; k >>= 1) {
      for (let j = k % p; j <= n - 1 - k; j += 2 * k) {
        for (let i = 0; i <= Math.min(k - 1, n - j - k - 1); i++) {
          if (Math.floor((i + j) / (2 * p)) === Math.floor((i + j + k) / (2 * p))) pairs.push([i + j, i + j + k]);
        }
      }
    }
  }
  return pairs;
}

/** Rows per tile: every wire holds one tile of rows, so a comparator is a tight loop. */
const TILE = 256;
/** Sentinels below/above every int16 value (padding wires to a power of two). */
const LOW = -65536;
const HIGH = 65536;

/** A reusable plan for {@link middlePairRows} over `k` channels. */
export interface MiddlePairPlan {
  k: number;
  /** Wires per half (a power of two, `2·half >= k`). */
  half: number;
  /** Low sentinel wires (the rest of the padding is high). */
  low: number;
  /** Flattened comparator wire offsets (`wire · TILE`) that sort one half. */
  comparators: Int32Array;
  /** `2·half` wires of `TILE` rows. */
  work: Int32Array;
}

/** Plans {@link middlePairRows} for rows of `k` values (`k >= 1`). */
export function planMiddlePair(k: number): MiddlePairPlan {
  let half = 1;
  while (2 * half < k) half <<= 1;
  const pad = 2 * half - k;
  const pairs = batcherComparators(half);
  const comparators = new Int32Array(pairs.length * 4);
  pairs.forEach(([i, j], n) => {
    comparators.set([i * TILE, j * TILE, (half + i) * TILE, (half + j) * TILE], n * 4);
  });
  return { k, half, low: pad >> 1, comparators, work: new Int32Array(2 * half * TILE) };
}

/**
 * For every row of a row-major int16 block, the two middle order statistics of the values
 * in `columns` (equal for an odd count): the same values a sort (or numpy's partition)
 * gives, found with a sorting network run column-wise over tiles of rows — branch-free
 * integer min/max, no per-row data-dependent control flow.
 *
 * Padding the `k` values to `2·half` wires with ⌊pad/2⌋ low and ⌈pad/2⌉ high sentinels puts
 * the lower middle at rank `half − 1` and the upper middle at rank `half` (odd `k`: both at
 * `half − 1`). Each half is sorted; then the `half` smallest of all are
 * `min(A[i], B[half−1−i])` (the bitonic half-cleaner), so rank `half − 1` is their maximum
 * and rank `half` is the minimum of the matching `max`es.
 *
 * @param lower receives the lower middle of each row (the median for odd `k`).
 * @param upper receives the upper middle of each row.
 */
export function middlePairRows(
  raw: Int16Array,
  nColumns: number,
  columns: number[],
  plan: MiddlePairPlan,
  lower: Float64Array,
  upper: Float64Array,
): void {
  const rows = raw.length / nColumns;
  const { k, half, low, comparators, work } = plan;
  const nComparators = comparators.length;
  for (let r0 = 0; r0 < rows; r0 += TILE) {
    const t = Math.min(TILE, rows - r0);
    // load the tile transposed: wire w holds column w's rows; sentinels after the k wires
    for (let i = 0; i < t; i++) {
      const base = (r0 + i) * nColumns;
      for (let w = 0; w < k; w++) work[w * TILE + i] = raw[base + columns[w]];
    }
    for (let w = k; w < 2 * half; w++) work.fill(w - k < low ? LOW : HIGH, w * TILE, w * TILE + t);
    // sort both halves: the same comparator list, offset by `half` wires
    for (let c = 0; c < nComparators; c += 2) {
      const a0 = comparators[c];
      const b0 = comparators[c + 1];
      for (let i = 0; i < t; i++) {
        const a = work[a0 + i];
        const b = work[b0 + i];
        const d = a - b;
        const m = d & (d >> 31); // d when a < b, else 0
        work[a0 + i] = b + m; // min
        work[b0 + i] = a - m; // max
      }
    }
    for (let i = 0; i < t; i++) {
      let lo = LOW;
      let hi = HIGH;
      for (let w = 0; w < half; w++) {
        const a = work[w * TILE + i];
        const b = work[(2 * half - 1 - w) * TILE + i];
        const d = a - b;
        const m = d & (d >> 31);
        const mn = b + m;
        const mx = a - m;
        if (mn > lo) lo = mn;
        if (mx < hi) hi = mx;
      }
      lower[r0 + i] = lo;
      upper[r0 + i] = k % 2 ? lo : hi;
    }
  }
}

/** Per-row reference values of a row-major int16 block (see {@link compileRowMedian}). */
export type RowMedianKernel = (raw: Int16Array, nColumns: number, columns: Int32Array, ref: Float64Array) => void;

/** Largest channel count {@link compileRowMedian} generates straight-line code for. */
export const ROW_MEDIAN_MAX_CHANNELS = 64;

/**
 * Generates the global-median reference for rows of `k` values as one straight-line
 * function: the padded network of {@link middlePairRows} on local variables (registers), one
 * row at a time, so each row costs ~2·k·log²k branch-free integer operations and no memory
 * traffic besides the row itself. Compile once per thread and `k` (V8 then optimises it).
 *
 * The result per row is numpy's median of the row: for even `k`, int16 (`np.median(...,
 * out=int16)`) wraps `lower + upper` to int16 before halving and truncating; float64 takes
 * `(lower + upper) / 2`.
 */
export function compileRowMedian(k: number, dtype: 'int16' | 'float64'): RowMedianKernel {
  if (!(k >= 1 && k <= ROW_MEDIAN_MAX_CHANNELS))
    throw new RangeError(`row median kernel for ${k} channels (1..${ROW_MEDIAN_MAX_CHANNELS})`);
  let half = 1;
  while (2 * half < k) half <<= 1;
  const low = (2 * half - k) >> 1;
  const lines: string[] = [];
  for (let w = 0; w < k; w++) lines.push(`const c${w} = columns[${w}];`);
  lines.push(
    'const rows = raw.length / nColumns;',
    'for (let r = 0; r < rows; r++) {',
    'const base = r * nColumns;',
    'let d = 0, m = 0, x = 0;',
  );
  for (let w = 0; w < 2 * half; w++) lines.push(`let v${w} = ${w < k ? `raw[base + c${w}]` : w - k < low ? LOW : HIGH};`);
  for (const [i, j] of batcherComparators(half)) {
    for (const h of [0, half]) {
      const a = `v${i + h}`;
      const b = `v${j + h}`;
      lines.push(`d = ${a} - ${b}; m = d & (d >> 31); x = ${a}; ${a} = ${b} + m; ${b} = x - m;`);
    }
  }
  lines.push(`let lo = ${LOW}, hi = ${HIGH};`);
  for (let w = 0; w < half; w++) {
    const a = `v${w}`;
    const b = `v${2 * half - 1 - w}`;
    lines.push(`d = ${a} - ${b}; m = d & (d >> 31); x = ${b} + m; if (x > lo) lo = x; x = ${a} - m; if (x < hi) hi = x;`);
  }
  if (k % 2) lines.push('ref[r] = lo;');
  else if (dtype === 'int16') lines.push('ref[r] = Math.trunc((((lo + hi + 32768) & 0xffff) - 32768) / 2.0);');
  else lines.push('ref[r] = (lo + hi) / 2;');
  lines.push('}');
  // generated code: a fixed comparator network per channel count, no data in the source
  return new Function('raw', 'nColumns', 'columns', 'ref', lines.join('\n')) as RowMedianKernel;
}
