import { selectMiddle } from './selectMiddle';

/** How a sort group is referenced (Spyglass reference electrode id semantics). */
export type ReferenceMode =
  /** id >= 0: subtract one electrode's trace. */
  | { kind: 'single'; column: number }
  /** id -2: subtract the per-sample median over the group's channels. */
  | { kind: 'median' }
  /** id -1 (v1 only): no referencing. */
  | { kind: 'none' };

/** Output dtype of the referenced traces: v0 int16 (wrapping arithmetic), v1 float64. */
export type TraceDtype = 'int16' | 'float64';

/**
 * spikeinterface 0.99.1 `common_reference` on a block of raw int16 rows (row-major,
 * `nColumns` wide): selects `channelColumns` and subtracts the reference. The parent is
 * first cast to the output dtype, so int16 subtraction wraps (v0) and float64 is exact (v1);
 * the int16 median keeps numpy's even-count quirk (see `medianInt16`).
 *
 * @returns row-major `rows × channelColumns.length` traces.
 */
export function referenceTraces(
  raw: Int16Array,
  nColumns: number,
  channelColumns: number[],
  reference: ReferenceMode,
  dtype: TraceDtype,
): Int16Array | Float64Array {
  const rows = raw.length / nColumns;
  const k = channelColumns.length;
  if (dtype === 'int16') {
    const out = new Int16Array(rows * k);
    const tmp = new Float64Array(k);
    const mid = new Float64Array(2);
    for (let r = 0; r < rows; r++) {
      const base = r * nColumns;
      let ref = 0;
      if (reference.kind === 'single') ref = raw[base + reference.column];
      else if (reference.kind === 'median') {
        for (let j = 0; j < k; j++) tmp[j] = raw[base + channelColumns[j]];
        // medianInt16, inlined for the per-sample loop
        selectMiddle(tmp, k, mid);
        ref = k % 2 ? mid[0] : Math.trunc((((mid[0] + mid[1] + 32768) & 0xffff) - 32768) / 2.0);
      }
      // Int16Array assignment keeps the low 16 bits: numpy's int16 wrap-around
      for (let j = 0; j < k; j++) out[r * k + j] = raw[base + channelColumns[j]] - ref;
    }
    return out;
  }
  const out = new Float64Array(rows * k);
  const tmp = new Float64Array(k);
  const mid = new Float64Array(2);
  for (let r = 0; r < rows; r++) {
    const base = r * nColumns;
    let ref = 0;
    if (reference.kind === 'single') ref = raw[base + reference.column];
    else if (reference.kind === 'median') {
      for (let j = 0; j < k; j++) tmp[j] = raw[base + channelColumns[j]];
      // medianFloat64, inlined for the per-sample loop
      selectMiddle(tmp, k, mid);
      ref = k % 2 ? mid[0] : (mid[0] + mid[1]) / 2;
    }
    for (let j = 0; j < k; j++) out[r * k + j] = raw[base + channelColumns[j]] - ref;
  }
  return out;
}
