import { filtfiltPadded, sosfiltfiltPadlen } from '../filter/sosfiltfilt';
import { RecomputeError } from '@spyglass-recompute/errors';
import { referenceVector } from '../reference/referenceVector';
import type { RowMedianKernel } from '../reference/middlePairRows';
import { createSosfiltPairKernel, filtfiltPairInterleaved, pairMemory, PAIR_DATA_PTR } from '../filter/sosfiltPairWasm';
import type { SosfiltPairKernel } from '../filter/sosfiltPairWasm';
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
  /**
   * Let an int16 result overwrite `raw` (see the return value of {@link filterChunk}); off,
   * `raw` is only read. @default false
   */
  reuseRaw?: boolean;
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
  /** Reference vector buffer (grown to the longest chunk). */
  ref: Float64Array;
  /** The wasm SIMD filter kernel for 5-section filters (created on first use). */
  pairKernel?: SosfiltPairKernel;
}

/** A workspace to pass to successive {@link filterChunk} calls on one thread. */
export function createFilterWorkspace(): FilterWorkspace {
  return { work: new Float64Array(0), exts: [], extLen: 0, kernels: new Map(), ref: new Float64Array(0) };
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
 * Referenced int16 traces of the channels `cols` into `work`: channel `c`'s sample `i` goes
 * to `offs[c] + stride·i`. Row-outer, so each raw row is read once.
 */
function gatherInt16(raw: Int16Array, nColumns: number, cols: Int32Array, ref: Float64Array, work: Float64Array, offs: Int32Array, stride: number, nRows: number): void {
  const g = cols.length;
  for (let i = 0; i < nRows; i++) {
    const base = i * nColumns;
    const r = ref[i];
    const o = stride * i;
    for (let c = 0; c < g; c++) {
      // int16 subtraction wraps, as numpy does on int16 traces
      work[offs[c] + o] = ((raw[base + cols[c]] - r + 32768) & 0xffff) - 32768;
    }
  }
}

/** {@link gatherInt16} for float64 traces (exact subtraction). */
function gatherFloat64(raw: Int16Array, nColumns: number, cols: Int32Array, ref: Float64Array, work: Float64Array, offs: Int32Array, stride: number, nRows: number): void {
  const g = cols.length;
  for (let i = 0; i < nRows; i++) {
    const base = i * nColumns;
    const r = ref[i];
    const o = stride * i;
    for (let c = 0; c < g; c++) work[offs[c] + o] = raw[base + cols[c]] - r;
  }
}

/** Filtered samples `offs[c] + stride·i` → output columns `c0 + c` of a row-major int16 matrix (numpy `astype(int16)`). */
function scatterInt16(work: Float64Array, offs: Int32Array, stride: number, out: Int16Array, nChannels: number, c0: number, outRows: number): void {
  const g = offs.length;
  for (let i = 0; i < outRows; i++) {
    const o = stride * i;
    const ob = i * nChannels + c0;
    for (let c = 0; c < g; c++) {
      // numpy astype(int16): truncate, int32 conversion (NaN/out of range -> INT32_MIN), low 16 bits
      const t = Math.trunc(work[offs[c] + o]);
      out[ob + c] = t >= -2147483648 && t < 2147483648 ? t : 0;
    }
  }
}

/** {@link scatterInt16} for float64 output. */
function scatterFloat64(work: Float64Array, offs: Int32Array, stride: number, out: Float64Array, nChannels: number, c0: number, outRows: number): void {
  const g = offs.length;
  for (let i = 0; i < outRows; i++) {
    const o = stride * i;
    const ob = i * nChannels + c0;
    for (let c = 0; c < g; c++) out[ob + c] = work[offs[c] + o];
  }
}

/**
 * spikeinterface `FilterRecordingSegment.get_traces` over a `common_reference` parent for
 * one chunk: reference in the output dtype (int16 wraps), `sosfiltfilt` over chunk +
 * margins, crop the margins, cast to the output dtype (`astype(int16)` for v0). Referencing
 * is fused into the per-channel gather, so the referenced matrix is never materialised.
 * Runs in a worker or inline.
 *
 * @returns row-major `rows × channelColumns.length` traces (int16 for v0, float64 for v1). With
 *   `reuseRaw`, an int16 result whose channels are exactly `raw`'s columns in order is a view
 *   over `raw`'s memory: `raw` is consumed (overwritten).
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
  if (!referenceValues && workspace.ref.length < nRows) workspace.ref = new Float64Array(nRows);
  const ref = referenceValues ?? referenceVector(raw, nColumns, channelColumns, reference, dtype, workspace.ref.subarray(0, nRows), workspace.kernels);
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
  // int16 output over raw's own memory when the channels are exactly raw's columns in order:
  // output row i, column c lands on raw row i, column c, which channel c's group has already
  // gathered (groups gather before they scatter), and rows i < leftMargin + i are never read
  // again. Fresh memory is what costs here (page faults), not the copy.
  const inPlace = input.reuseRaw === true && isInt16 && nChannels === nColumns && channelColumns.every((col, j) => col === j) && raw.buffer instanceof ArrayBuffer;
  const out = inPlace ? new Int16Array(raw.buffer, raw.byteOffset, outRows * nChannels) : isInt16 ? new Int16Array(outRows * nChannels) : new Float64Array(outRows * nChannels);
  const extLen = nRows + 2 * padlen;
  const state = new Float64Array(zi.length);
  // 5-section filters (Spyglass's band-pass) run two channels per wasm SIMD lane pair,
  // interleaved; anything else runs the scalar loop on contiguous channel buffers
  const simd = sos.length === 30;
  let work: Float64Array;
  let exts: Float64Array[] = [];
  let pairBase = 0;
  if (simd) {
    workspace.pairKernel ??= createSosfiltPairKernel();
    work = pairMemory(workspace.pairKernel, 2 * Math.ceil(Math.min(GROUP_CHANNELS, nChannels) / 2) * extLen * 8);
    pairBase = PAIR_DATA_PTR / 8;
  } else {
    // work buffers are reused across calls on this thread (grown when a chunk is longer)
    exts = slotViews(workspace, extLen);
    work = workspace.work;
  }
  const slotOffsets = (gSize: number, first: number): Int32Array =>
    Int32Array.from({ length: gSize }, (_, c) => (simd ? pairBase + (c >> 1) * 2 * extLen + 2 * first + (c & 1) : c * extLen + first));
  const stride = simd ? 2 : 1;
  for (let c0 = 0; c0 < nChannels; c0 += GROUP_CHANNELS) {
    const gSize = Math.min(GROUP_CHANNELS, nChannels - c0);
    const cols = Int32Array.from(channelColumns.slice(c0, c0 + gSize));
    const inOffs = slotOffsets(gSize, padlen);
    if (isInt16) gatherInt16(raw, nColumns, cols, ref, work, inOffs, stride, nRows);
    else gatherFloat64(raw, nColumns, cols, ref, work, inOffs, stride, nRows);
    if (simd) {
      const kernel = workspace.pairKernel as SosfiltPairKernel;
      // an odd group leaves one lane of its last pair unused: zero it (lanes are independent)
      if (gSize % 2) for (let i = 0; i < extLen; i++) work[inOffs[gSize - 1] - 2 * padlen + 1 + 2 * i] = 0;
      for (let p = 0; 2 * p < gSize; p++) filtfiltPairInterleaved(kernel, sos, zi, work, pairBase + p * 2 * extLen, padlen, nRows, isInt16);
    } else {
      for (let g = 0; g < gSize; g++) filtfiltPadded(sos, zi, exts[g], padlen, nRows, isInt16, state);
    }
    const outOffs = slotOffsets(gSize, padlen + leftMargin);
    if (isInt16) scatterInt16(work, outOffs, stride, out as Int16Array, nChannels, c0, outRows);
    else scatterFloat64(work, outOffs, stride, out as Float64Array, nChannels, c0, outRows);
  }
  return out;
}
