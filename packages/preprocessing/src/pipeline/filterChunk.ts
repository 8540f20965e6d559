import { checkedPadlen, filtfiltPadded } from '../filter/sosfiltfilt';
import { referenceVector } from '../reference/referenceVector';
import type { RowMedianKernel } from '../reference/middlePairRows';
import { createSosfiltPairKernel, filtfiltPairInterleaved, PAIR_DATA_PTR, SCRATCH_PTR } from '../filter/sosfiltPairWasm';
import type { SosfiltPairKernel } from '../filter/sosfiltPairWasm';
import { createWasmMedian, MEDIAN_ROW_BLOCK, WASM_MEDIAN_MAX_CHANNELS } from '../reference/rowMedianWasm';
import type { WasmMedianFn } from '../reference/rowMedianWasm';
import { ensureMemory } from '@spyglass-recompute/nwb';
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
  /**
   * Memory to return a float64 result in when it is large enough (a recycled result: fresh
   * memory costs page faults); otherwise a new array is allocated.
   */
  output?: ArrayBuffer;
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
  /** wasm median kernels over the pair kernel's memory, by channel count. */
  wasmMedians: Map<number, WasmMedianFn>;
}

/** A workspace to pass to successive {@link filterChunk} calls on one thread. */
export function createFilterWorkspace(): FilterWorkspace {
  return { work: new Float64Array(0), exts: [], extLen: 0, kernels: new Map(), ref: new Float64Array(0), wasmMedians: new Map() };
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
function gatherInt16(
  raw: Int16Array,
  nColumns: number,
  cols: Int32Array,
  ref: Float64Array,
  work: Float64Array,
  offs: Int32Array,
  stride: number,
  nRows: number,
): void {
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
function gatherFloat64(
  raw: Int16Array,
  nColumns: number,
  cols: Int32Array,
  ref: Float64Array,
  work: Float64Array,
  offs: Int32Array,
  stride: number,
  nRows: number,
): void {
  const g = cols.length;
  for (let i = 0; i < nRows; i++) {
    const base = i * nColumns;
    const r = ref[i];
    const o = stride * i;
    for (let c = 0; c < g; c++) work[offs[c] + o] = raw[base + cols[c]] - r;
  }
}

/** Filtered samples `offs[c] + stride·i` → output columns `c0 + c` of a row-major int16 matrix (numpy `astype(int16)`). */
function scatterInt16(
  work: Float64Array,
  offs: Int32Array,
  stride: number,
  out: Int16Array,
  nChannels: number,
  c0: number,
  outRows: number,
): void {
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
function scatterFloat64(
  work: Float64Array,
  offs: Int32Array,
  stride: number,
  out: Float64Array,
  nChannels: number,
  c0: number,
  outRows: number,
): void {
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
 *   `reuseRaw`, an int16 result of the wasm path (5-section filters) is a view over the start
 *   of `raw`'s memory (when that is an ArrayBuffer): `raw` is consumed (overwritten). A float64
 *   result is written into `output` when that is large enough.
 * @throws RecomputeError `SEGMENT_TOO_SHORT` when chunk + margins is not longer than padlen.
 */
export function filterChunk(input: FilterChunkInput, workspace: FilterWorkspace = createFilterWorkspace()): Int16Array | Float64Array {
  const { raw, nColumns, channelColumns, reference, referenceValues, leftMargin, rightMargin, sos, zi, dtype } = input;
  const nChannels = channelColumns.length;
  const nRows = raw.length / nColumns;
  const padlen = checkedPadlen(nRows, sos);
  // the wasm path needs its work memory below wasm32's 4 GiB (reference, streams, pair
  // buffer, float64 output): a task beyond that (only a huge unsplit chunk) takes the JS path
  const wasmBytes = nRows * (8 + 2 * nChannels + 16 + (dtype === 'float64' ? 8 * nChannels : 0));
  if (sos.length === 30 && wasmBytes < WASM_MEMORY_LIMIT) return filterChunkWasm(input, workspace, padlen);
  if (!referenceValues && workspace.ref.length < nRows) workspace.ref = new Float64Array(nRows);
  const ref =
    referenceValues ??
    referenceVector(raw, nColumns, channelColumns, reference, dtype, workspace.ref.subarray(0, nRows), workspace.kernels);
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
  const state = new Float64Array(zi.length);
  // work buffers are reused across calls on this thread (grown when a chunk is longer)
  const exts = slotViews(workspace, extLen);
  const work = workspace.work;
  const slotOffsets = (gSize: number, first: number): Int32Array => Int32Array.from({ length: gSize }, (_, c) => c * extLen + first);
  for (let c0 = 0; c0 < nChannels; c0 += GROUP_CHANNELS) {
    const gSize = Math.min(GROUP_CHANNELS, nChannels - c0);
    const cols = Int32Array.from(channelColumns.slice(c0, c0 + gSize));
    const inOffs = slotOffsets(gSize, padlen);
    if (isInt16) gatherInt16(raw, nColumns, cols, ref, work, inOffs, 1, nRows);
    else gatherFloat64(raw, nColumns, cols, ref, work, inOffs, 1, nRows);
    for (let g = 0; g < gSize; g++) filtfiltPadded(sos, zi, exts[g], padlen, nRows, isInt16, state);
    const outOffs = slotOffsets(gSize, padlen + leftMargin);
    if (isInt16) scatterInt16(work, outOffs, 1, out as Int16Array, nChannels, c0, outRows);
    else scatterFloat64(work, outOffs, 1, out as Float64Array, nChannels, c0, outRows);
  }
  return out;
}

const align16 = (n: number): number => Math.ceil(n / 16) * 16;

/** Work memory the wasm path may use (wasm32 memories stop at 4 GiB). */
const WASM_MEMORY_LIMIT = 3.5 * 1024 ** 3;

/** Raw rows staged in wasm memory at a time (a multiple of the median's 8-row blocks; ~0.5 MiB at 32 channels). */
const STAGE_ROWS = 8192;

/**
 * {@link filterChunk} for 5-section filters (Spyglass's band-pass), entirely in wasm over
 * one memory per thread: the raw rows are staged in, block by block, into the reference (the
 * SIMD median kernel, or the given/JS-computed values) and per-pair int16 streams; then each
 * pair of channels is gathered (referenced, int16-wrapped for v0) into an interleaved
 * buffer, filtered forward and backward two channels per f64x2 lane pair, and cast/scattered
 * into the output, which is copied out. Every step performs the scalar path's operations
 * on the same values, so the result is bit-identical to it.
 */
function filterChunkWasm(input: FilterChunkInput, workspace: FilterWorkspace, padlen: number): Int16Array | Float64Array {
  const { raw, nColumns, channelColumns, reference, referenceValues, leftMargin, rightMargin, sos, zi, dtype } = input;
  const nChannels = channelColumns.length;
  const nRows = raw.length / nColumns;
  const outRows = nRows - leftMargin - rightMargin;
  const isInt16 = dtype === 'int16';
  workspace.pairKernel ??= createSosfiltPairKernel();
  const kernel = workspace.pairKernel;
  const memory = kernel.memory;
  const blocks = Math.ceil(nRows / MEDIAN_ROW_BLOCK);
  const nPairs = Math.ceil(nChannels / 2);
  // The raw rows pass through a small staging area, a few thousand rows at a time, where
  // the median kernel (or `split`) turns them into the reference and per-pair int16 streams:
  // each pair's later passes then read memory in order instead of touching every row's
  // cache line, and the chunk's raw rows never need a copy of their own in wasm memory.
  // layout: [staging rows][pair table][reference][per-pair streams][pair work][float64 output]
  const stageRows = Math.min(STAGE_ROWS, blocks * MEDIAN_ROW_BLOCK);
  const pairBytes = blocks * MEDIAN_ROW_BLOCK * 4; // the median kernel writes whole 8-row blocks
  const stagePtr = PAIR_DATA_PTR;
  const tablePtr = align16(stagePtr + stageRows * nColumns * 2);
  const refPtr = align16(tablePtr + 8 * nPairs);
  const splitPtr = align16(refPtr + blocks * MEDIAN_ROW_BLOCK * 8);
  const extPtr = splitPtr + nPairs * pairBytes;
  const extLen = nRows + 2 * padlen;
  // two float64 channels: the interleaved pair buffer already is the row-major output
  const outOfExt = !isInt16 && nChannels === 2;
  const outPtr = extPtr + extLen * 16;
  ensureMemory(memory, isInt16 || outOfExt ? outPtr : outPtr + outRows * nChannels * 8);
  const buffer = memory.buffer;
  const refView = new Float64Array(buffer, refPtr, nRows);
  const wasmMedian = !referenceValues && reference.kind === 'median' && nChannels <= WASM_MEDIAN_MAX_CHANNELS;
  let median: WasmMedianFn | undefined;
  if (referenceValues) refView.set(referenceValues.subarray(0, nRows));
  else if (wasmMedian) {
    median = workspace.wasmMedians.get(nChannels);
    if (!median) {
      median = createWasmMedian(nChannels, memory);
      workspace.wasmMedians.set(nChannels, median);
    }
    new Int32Array(buffer, SCRATCH_PTR, nChannels).set(channelColumns.map((c) => 2 * c));
  } else referenceVector(raw, nColumns, channelColumns, reference, dtype, refView, workspace.kernels);
  // byte offsets of each pair's columns; an odd last channel fills both lanes (lanes are
  // independent; only lane a is kept)
  new Int32Array(buffer, tablePtr, 2 * nPairs).set(
    Array.from({ length: 2 * nPairs }, (_, j) => 2 * channelColumns[Math.min(j, nChannels - 1)]),
  );
  const stage = new Int16Array(buffer, stagePtr, stageRows * nColumns);
  for (let r0 = 0; r0 < nRows; r0 += stageRows) {
    const rows = Math.min(stageRows, nRows - r0);
    stage.set(raw.subarray(r0 * nColumns, (r0 + rows) * nColumns));
    // the median also writes the streams, as it loads every channel of the rows anyway
    if (median)
      median(
        stagePtr,
        2 * nColumns,
        SCRATCH_PTR,
        Math.ceil(rows / MEDIAN_ROW_BLOCK),
        refPtr + 8 * r0,
        isInt16 ? 0 : 1,
        splitPtr + 4 * r0,
        pairBytes,
      );
    else kernel.split(stagePtr, 2 * nColumns, tablePtr, nPairs, rows, splitPtr + 4 * r0, pairBytes);
  }
  const mem = new Float64Array(buffer);
  const first = extPtr + 16 * (padlen + leftMargin);
  for (let p = 0; p < nPairs; p++) {
    kernel.gather(splitPtr + p * pairBytes, 4, 0, 2, refPtr, nRows, extPtr + 16 * padlen, isInt16 ? 1 : 0);
    filtfiltPairInterleaved(kernel, sos, zi, mem, extPtr / 8, padlen, nRows, isInt16);
    // int16: cast into the pair's own stream (its input is consumed), merged into rows below
    if (isInt16) kernel.scatter(first, outRows, splitPtr + p * pairBytes, 4, 0, 2, 0);
    else if (!outOfExt)
      kernel.scatter(first, outRows, outPtr, nChannels * 8, 2 * p * 8, (2 * p + 1) * 8, (2 * p + 1 < nChannels ? 0 : 1) | 2);
  }
  const n = outRows * nChannels;
  if (isInt16) {
    // output rows are merged through the staging area into raw's own memory when it is ours
    // to overwrite (never larger, and copied in already): fresh memory costs page faults
    const out =
      input.reuseRaw === true && raw.buffer instanceof ArrayBuffer ? new Int16Array(raw.buffer, raw.byteOffset, n) : new Int16Array(n);
    for (let r0 = 0; r0 < outRows; r0 += stageRows) {
      const rows = Math.min(stageRows, outRows - r0);
      kernel.merge(splitPtr + 4 * r0, pairBytes, nPairs, rows, stagePtr, 2 * nChannels, nChannels % 2);
      out.set(new Int16Array(buffer, stagePtr, rows * nChannels), r0 * nChannels);
    }
    return out;
  }
  const result = new Float64Array(buffer, outOfExt ? first : outPtr, n);
  if (!input.output || input.output.byteLength < n * 8) return result.slice();
  const out = new Float64Array(input.output, 0, n);
  out.set(result);
  return out;
}
