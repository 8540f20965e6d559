import { filtfiltPadded, sosfiltfiltPadlen } from '../filter/sosfiltfilt';
import { RecomputeError } from '@spyglass-recompute/errors';
import { referenceVector } from '../reference/referenceVector';
import type { RowMedianKernel } from '../reference/middlePairRows';
import type { ReferenceMode, TraceDtype } from '../reference/referenceTraces';

/** One filter call: raw rows of a chunk plus its margins, and how to reference them. */
export interface FilterChunkInput {
  /** Row-major `(leftMargin + rows + rightMargin) × nColumns` raw int16 samples. */
  raw: Int16Array;
  nColumns: number;
  /** Columns of `raw` that are output channels, in output order. */
  channelColumns: number[];
  /** Reference (a `single` column indexes `raw`); ignored when `referenceValues` is given. */
  reference: ReferenceMode;
  /** Precomputed per-row reference (see `referenceVector`), e.g. shared by channel groups (may live in a SharedArrayBuffer). */
  referenceValues?: Float64Array;
  leftMargin: number;
  rightMargin: number;
  sos: Float64Array;
  zi: Float64Array;
  /** Trace dtype: v0 int16 (wrapping reference, numpy astype output), v1 float64. */
  dtype: TraceDtype;
}

/** Channels filtered per group (each needs one `rows + 2·padlen` float64 buffer). */
const GROUP_CHANNELS = 8;

/** Reusable work memory for {@link filterChunk} (one per thread). */
export interface FilterWorkspace {
  /** Channel-major float64 work buffer: `GROUP_CHANNELS` slots of `extLen` doubles. */
  work: Float64Array;
  /** Per-slot views of `work` for the current `extLen`. */
  exts: Float64Array[];
  extLen: number;
  /** Compiled median kernels (see `compileRowMedian`). */
  kernels: Map<string, RowMedianKernel>;
}

/** A workspace to pass to successive {@link filterChunk} calls on one thread. */
export function createFilterWorkspace(): FilterWorkspace {
  return { work: new Float64Array(0), exts: [], extLen: 0, kernels: new Map() };
}

/** Points the workspace's slot views at `extLen`-long channel buffers (grows `work` if needed). */
function slotViews(workspace: FilterWorkspace, extLen: number): Float64Array[] {
  if (workspace.extLen !== extLen) {
    if (workspace.work.length < GROUP_CHANNELS * extLen) workspace.work = new Float64Array(GROUP_CHANNELS * extLen);
    workspace.exts = Array.from({ length: GROUP_CHANNELS }, (_, g) => workspace.work.subarray(g * extLen, (g + 1) * extLen));
    workspace.extLen = extLen;
  }
  return workspace.exts;
}

/**
 * Referenced int16 traces of channels `cols` into slots `0..cols.length` of `work`
 * (slot stride `extLen`, from offset `padlen`). Row-outer: each raw row is read once.
 */
function gatherInt16(raw: Int16Array, nColumns: number, cols: Int32Array, ref: Float64Array, work: Float64Array, extLen: number, padlen: number, nRows: number): void {
  const g = cols.length;
  for (let i = 0; i < nRows; i++) {
    const base = i * nColumns;
    const r = ref[i];
    let o = padlen + i;
    for (let c = 0; c < g; c++, o += extLen) {
      // int16 subtraction wraps, as numpy does on int16 traces
      work[o] = ((raw[base + cols[c]] - r + 32768) & 0xffff) - 32768;
    }
  }
}

/** {@link gatherInt16} for float64 traces (exact subtraction). */
function gatherFloat64(raw: Int16Array, nColumns: number, cols: Int32Array, ref: Float64Array, work: Float64Array, extLen: number, padlen: number, nRows: number): void {
  const g = cols.length;
  for (let i = 0; i < nRows; i++) {
    const base = i * nColumns;
    const r = ref[i];
    let o = padlen + i;
    for (let c = 0; c < g; c++, o += extLen) work[o] = raw[base + cols[c]] - r;
  }
}

/** Filtered slots → output columns `c0..c0+g` of a row-major int16 matrix (numpy `astype(int16)`). */
function scatterInt16(work: Float64Array, extLen: number, from: number, g: number, out: Int16Array, nChannels: number, c0: number, outRows: number): void {
  for (let i = 0; i < outRows; i++) {
    let o = from + i;
    const ob = i * nChannels + c0;
    for (let c = 0; c < g; c++, o += extLen) {
      // numpy astype(int16): truncate, int32 conversion (NaN/out of range -> INT32_MIN), low 16 bits
      const t = Math.trunc(work[o]);
      out[ob + c] = t >= -2147483648 && t < 2147483648 ? t : 0;
    }
  }
}

/** {@link scatterInt16} for float64 output. */
function scatterFloat64(work: Float64Array, extLen: number, from: number, g: number, out: Float64Array, nChannels: number, c0: number, outRows: number): void {
  for (let i = 0; i < outRows; i++) {
    let o = from + i;
    const ob = i * nChannels + c0;
    for (let c = 0; c < g; c++, o += extLen) out[ob + c] = work[o];
  }
}

/**
 * spikeinterface `FilterRecordingSegment.get_traces` over a `common_reference` parent for
 * one chunk: reference in the output dtype (int16 wraps), `sosfiltfilt` over chunk +
 * margins, crop the margins, cast to the output dtype (`astype(int16)` for v0). Referencing
 * is fused into the per-channel gather, so the referenced matrix is never materialised.
 * Pure; runs in a worker or inline.
 *
 * @returns row-major `rows × channelColumns.length` traces (int16 for v0, float64 for v1).
 * @throws RecomputeError `SEGMENT_TOO_SHORT` when chunk + margins is not longer than padlen.
 */
export function filterChunk(input: FilterChunkInput, workspace: FilterWorkspace = createFilterWorkspace()): Int16Array | Float64Array {
  const { raw, nColumns, channelColumns, reference, referenceValues, leftMargin, rightMargin, sos, zi, dtype } = input;
  const nChannels = channelColumns.length;
  const nRows = raw.length / nColumns;
  const padlen = sosfiltfiltPadlen(sos);
  if (nRows <= padlen) {
    throw new RecomputeError({
      code: 'SEGMENT_TOO_SHORT',
      message: `a filter chunk of ${nRows} samples is too short to filter: scipy sosfiltfilt needs more than padlen = ${padlen} samples`,
      details: { samples: nRows, padlen },
    });
  }
  const ref = referenceValues ?? referenceVector(raw, nColumns, channelColumns, reference, dtype, undefined, workspace.kernels);
  const outRows = nRows - leftMargin - rightMargin;
  const isInt16 = dtype === 'int16';
  if (!isInt16 && nChannels === 1) {
    // one float64 channel: the filtered work buffer already is the output, no copy
    const ext = new Float64Array(nRows + 2 * padlen);
    const col = channelColumns[0];
    for (let i = 0; i < nRows; i++) ext[padlen + i] = raw[i * nColumns + col] - ref[i];
    filtfiltPadded(sos, zi, ext, padlen, nRows, false);
    return ext.subarray(padlen + leftMargin, padlen + leftMargin + outRows);
  }
  const out = isInt16 ? new Int16Array(outRows * nChannels) : new Float64Array(outRows * nChannels);
  const extLen = nRows + 2 * padlen;
  // work buffers are reused across calls on this thread (grown when a chunk is longer)
  const exts = slotViews(workspace, extLen);
  const work = workspace.work;
  const state = new Float64Array(zi.length);
  const from = padlen + leftMargin;
  for (let c0 = 0; c0 < nChannels; c0 += GROUP_CHANNELS) {
    const gSize = Math.min(GROUP_CHANNELS, nChannels - c0);
    const cols = Int32Array.from(channelColumns.slice(c0, c0 + gSize));
    if (isInt16) gatherInt16(raw, nColumns, cols, ref, work, extLen, padlen, nRows);
    else gatherFloat64(raw, nColumns, cols, ref, work, extLen, padlen, nRows);
    for (let g = 0; g < gSize; g++) filtfiltPadded(sos, zi, exts[g], padlen, nRows, isInt16, state);
    if (isInt16) scatterInt16(work, extLen, from, gSize, out as Int16Array, nChannels, c0, outRows);
    else scatterFloat64(work, extLen, from, gSize, out as Float64Array, nChannels, c0, outRows);
  }
  return out;
}
