import type { ReferenceMode, TraceDtype } from './referenceTraces';
import { selectMiddle } from './selectMiddle';

/**
 * The per-sample value spikeinterface `common_reference` subtracts, for a block of raw
 * int16 rows (row-major, `nColumns` wide): the reference column (single), the median over
 * `channelColumns` (global median; int16 keeps numpy's even-count wrap quirk, float64 is
 * exact), or 0 (none). Computed once and shared by every channel.
 *
 * @param output optional buffer of `rows` doubles to fill.
 */
export function referenceVector(
  raw: Int16Array,
  nColumns: number,
  channelColumns: number[],
  reference: ReferenceMode,
  dtype: TraceDtype,
  output?: Float64Array,
): Float64Array {
  const rows = raw.length / nColumns;
  const ref = output ?? new Float64Array(rows);
  if (reference.kind === 'single') {
    for (let r = 0; r < rows; r++) ref[r] = raw[r * nColumns + reference.column];
  } else if (reference.kind === 'median') {
    const k = channelColumns.length;
    const tmp = new Float64Array(k);
    const mid = new Float64Array(2);
    for (let r = 0; r < rows; r++) {
      const base = r * nColumns;
      for (let j = 0; j < k; j++) tmp[j] = raw[base + channelColumns[j]];
      selectMiddle(tmp, k, mid);
      if (k % 2) ref[r] = mid[0];
      // int16 (numpy out=int16): the two middle values are summed with int16 wrap-around, then halved and truncated
      else ref[r] = dtype === 'int16' ? Math.trunc((((mid[0] + mid[1] + 32768) & 0xffff) - 32768) / 2.0) : (mid[0] + mid[1]) / 2;
    }
  } else {
    ref.fill(0);
  }
  return ref;
}
