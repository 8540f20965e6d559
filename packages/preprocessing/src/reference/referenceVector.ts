import type { ReferenceMode, TraceDtype } from './referenceTraces';
import { compileRowMedian, middlePairRows, planMiddlePair, ROW_MEDIAN_MAX_CHANNELS } from './middlePairRows';
import type { RowMedianKernel } from './middlePairRows';
import { wasmRowMedian, WASM_MEDIAN_MAX_CHANNELS } from './rowMedianWasm';

/**
 * The per-sample value spikeinterface `common_reference` subtracts, for a block of raw
 * int16 rows (row-major, `nColumns` wide): the reference column (single), the median over
 * `channelColumns` (global median; int16 keeps numpy's even-count wrap quirk, float64 is
 * exact), or 0 (none). Computed once and shared by every channel.
 *
 * @param output optional buffer of `rows` doubles to fill.
 * @param kernels per-thread cache of compiled median kernels (see `compileRowMedian`),
 *   keyed `${k}:${dtype}`; without it the kernel is compiled on every call.
 */
export function referenceVector(
  raw: Int16Array,
  nColumns: number,
  channelColumns: number[],
  reference: ReferenceMode,
  dtype: TraceDtype,
  output?: Float64Array,
  kernels?: Map<string, RowMedianKernel>,
): Float64Array {
  const rows = raw.length / nColumns;
  const ref = output ?? new Float64Array(rows);
  if (reference.kind === 'single') {
    for (let r = 0; r < rows; r++) ref[r] = raw[r * nColumns + reference.column];
  } else if (reference.kind === 'median') {
    const k = channelColumns.length;
    if (k === 0) throw new RangeError('median of zero channels');
    if (k <= ROW_MEDIAN_MAX_CHANNELS) {
      const key = `${k}:${dtype}`;
      let kernel = kernels?.get(key);
      if (!kernel) {
        // the wasm SIMD network (eight rows per step); both compute the same values
        kernel = k <= WASM_MEDIAN_MAX_CHANNELS ? wasmRowMedian(k, dtype) : compileRowMedian(k, dtype);
        kernels?.set(key, kernel);
      }
      kernel(raw, nColumns, Int32Array.from(channelColumns), ref);
      return ref;
    }
    const upper = new Float64Array(rows);
    middlePairRows(raw, nColumns, channelColumns, planMiddlePair(k), ref, upper);
    if (k % 2 === 0) {
      // int16 (numpy out=int16): the two middle values are summed with int16 wrap-around, then halved and truncated
      if (dtype === 'int16') for (let r = 0; r < rows; r++) ref[r] = Math.trunc((((ref[r] + upper[r] + 32768) & 0xffff) - 32768) / 2.0);
      else for (let r = 0; r < rows; r++) ref[r] = (ref[r] + upper[r]) / 2;
    }
  } else {
    ref.fill(0);
  }
  return ref;
}
