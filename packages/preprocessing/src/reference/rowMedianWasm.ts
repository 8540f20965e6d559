import { batcherComparators } from './middlePairRows';
import type { TraceDtype } from './referenceTraces';
import { createMemory, ensureMemory, instantiate, moduleBytes, op, T } from '@spyglass-recompute/nwb';
import type { WasmFunction, WasmMemory } from '@spyglass-recompute/nwb';

/** Largest channel count the wasm median kernel is generated for. */
export const WASM_MEDIAN_MAX_CHANNELS = 64;

/** Rows the kernel handles per step (one i16x8 lane each): callers round row counts up to this. */
export const MEDIAN_ROW_BLOCK = 8;

/**
 * `median(raw, stride, cols, blocks, ref, float64, pairs, pairBytes)`: the global-median reference of
 * `8·blocks` rows of a row-major int16 block at `raw` (`stride` bytes per row) over the `k`
 * columns whose byte offsets are the i32 values at `cols`, as float64 at `ref`.
 *
 * The same padded sorting network as `compileRowMedian`, run on eight rows at once: wire
 * `w` is an i16x8 vector holding column `w` of eight rows, every comparator is one
 * `i16x8.min_s` and one `i16x8.max_s`. Exact integer order statistics, so the result equals
 * the sort's: the int16 sentinels (−32768 / 32767) may tie with real values, which leaves
 * the ranked values unchanged. Even `k`: int16 wraps `lower + upper` to 16 bits, then
 * halves truncating toward zero (numpy's `median(out=int16)`); float64 takes the exact
 * `(lower + upper) / 2`.
 */
function medianFunction(k: number): WasmFunction {
  const { get, set } = op;
  let half = 1;
  while (2 * half < k) half <<= 1;
  const low = (2 * half - k) >> 1;
  const [RAW, STRIDE, COLS, BLOCKS, REF, FLOAT, PAIRS, PAIRBYTES] = [0, 1, 2, 3, 4, 5, 6, 7];
  const COL = (w: number): number => 8 + w; // i32 column byte offsets
  const P = (l: number): number => 8 + k + l; // i32 row pointers of the eight lanes
  const V = (w: number): number => 8 + k + 8 + w; // v128 wires
  const LO = V(2 * half);
  const HI = LO + 1;
  const body: number[] = [];
  for (let w = 0; w < k; w++) body.push(...get(COLS), ...op.i32Load(4 * w), ...set(COL(w)));
  body.push(...op.block, ...get(BLOCKS), ...op.i32Eqz, ...op.brIf(0), ...op.loop);
  for (let l = 0; l < 8; l++) body.push(...get(RAW), ...get(STRIDE), ...op.i32(l), ...op.i32Mul, ...op.i32Add, ...set(P(l)));
  const load = (l: number, w: number): number[] => [...get(P(l)), ...get(COL(w)), ...op.i32Add, ...op.i32Load16S()];
  for (let w = 0; w < k; w++) {
    body.push(...load(0, w), ...op.i16x8Splat);
    for (let l = 1; l < 8; l++) body.push(...load(l, w), ...op.i16x8ReplaceLane(l));
    body.push(...set(V(w)));
  }
  // with PAIRS != 0, the eight rows also go to the per-pair int16 streams that the filter
  // reads (see the pair kernel's `split`): pair p's rows at PAIRS + p·PAIRBYTES, 4 bytes a
  // row, interleaved (a, b); an odd last channel fills both lanes
  const interleaveLow = [0, 1, 16, 17, 2, 3, 18, 19, 4, 5, 20, 21, 6, 7, 22, 23];
  const interleaveHigh = interleaveLow.map((b) => b + 8);
  body.push(...get(PAIRS), ...op.if);
  for (let p = 0; 2 * p < k; p++) {
    const a = V(2 * p);
    const b = 2 * p + 1 < k ? V(2 * p + 1) : a;
    const at = [...get(PAIRS), ...get(PAIRBYTES), ...op.i32(p), ...op.i32Mul, ...op.i32Add];
    body.push(...at, ...get(a), ...get(b), ...op.i8x16Shuffle(interleaveLow), ...op.v128Store(0));
    body.push(...at, ...get(a), ...get(b), ...op.i8x16Shuffle(interleaveHigh), ...op.v128Store(16));
  }
  body.push(...get(PAIRS), ...op.i32(32), ...op.i32Add, ...set(PAIRS), ...op.end);
  for (let w = k; w < 2 * half; w++) body.push(...op.i32(w - k < low ? -32768 : 32767), ...op.i16x8Splat, ...set(V(w)));
  // sort both halves with the same comparator list (min on the lower wire)
  for (const [i, j] of batcherComparators(half)) {
    for (const h of [0, half]) {
      const a = V(i + h);
      const b = V(j + h);
      body.push(...get(a), ...get(b), ...op.i16x8MinS, ...get(a), ...get(b), ...op.i16x8MaxS, ...set(b), ...set(a));
    }
  }
  // bitonic half-cleaner: lower middle = max of the mins, upper middle = min of the maxes
  body.push(...op.i32(-32768), ...op.i16x8Splat, ...set(LO), ...op.i32(32767), ...op.i16x8Splat, ...set(HI));
  for (let w = 0; w < half; w++) {
    const a = V(w);
    const b = V(2 * half - 1 - w);
    body.push(...get(LO), ...get(a), ...get(b), ...op.i16x8MinS, ...op.i16x8MaxS, ...set(LO));
    body.push(...get(HI), ...get(a), ...get(b), ...op.i16x8MaxS, ...op.i16x8MinS, ...set(HI));
  }
  const storeLanes = (value: (l: number) => number[]): number[] =>
    Array.from({ length: 8 }, (_, l) => [...get(REF), ...value(l), ...op.f64Store(8 * l)]).flat();
  const lane = (v: number, l: number): number[] => [...get(v), ...op.i16x8ExtractLaneS(l)];
  if (k % 2) {
    body.push(...storeLanes((l) => [...lane(LO, l), ...op.f64ConvertI32S]));
  } else {
    body.push(...get(FLOAT), ...op.if);
    body.push(...storeLanes((l) => [...lane(LO, l), ...lane(HI, l), ...op.i32Add, ...op.f64ConvertI32S, ...op.f64(0.5), ...op.f64Mul]));
    body.push(...op.else);
    // s = wrap16(lo + hi); trunc(s / 2) = (s + (s < 0)) >> 1
    body.push(...get(LO), ...get(HI), ...op.i16x8Add, ...set(LO));
    body.push(...get(LO), ...get(LO), ...op.i32(15), ...op.i16x8ShrU, ...op.i16x8Add, ...op.i32(1), ...op.i16x8ShrS, ...set(LO));
    body.push(...storeLanes((l) => [...lane(LO, l), ...op.f64ConvertI32S]));
    body.push(...op.end);
  }
  body.push(...get(RAW), ...get(STRIDE), ...op.i32(8), ...op.i32Mul, ...op.i32Add, ...set(RAW));
  body.push(...get(REF), ...op.i32(64), ...op.i32Add, ...set(REF));
  body.push(...get(BLOCKS), ...op.i32(1), ...op.i32Sub, ...op.tee(BLOCKS), ...op.brIf(0), ...op.end, ...op.end);
  return {
    name: 'median',
    params: [T.i32, T.i32, T.i32, T.i32, T.i32, T.i32, T.i32, T.i32],
    locals: [
      [k + 8, T.i32],
      [2 * half + 2, T.v128],
    ],
    body,
  };
}

/**
 * `median(raw, stride, cols, blocks, ref, float64, pairs, pairBytes)` over a memory (see
 * {@link medianFunction}); `pairs` 0: no per-pair streams.
 */
export type WasmMedianFn = (
  raw: number,
  stride: number,
  cols: number,
  blocks: number,
  ref: number,
  float64: number,
  pairs: number,
  pairBytes: number,
) => void;

const moduleCache = new Map<number, Uint8Array>();

/** The median kernel for `k` channels (1..64), instantiated over `memory`. */
export function createWasmMedian(k: number, memory: WasmMemory): WasmMedianFn {
  if (!(k >= 1 && k <= WASM_MEDIAN_MAX_CHANNELS))
    throw new RangeError(`wasm median kernel for ${k} channels (1..${WASM_MEDIAN_MAX_CHANNELS})`);
  let bytes = moduleCache.get(k);
  if (!bytes) {
    bytes = moduleBytes([medianFunction(k)]);
    moduleCache.set(k, bytes);
  }
  return instantiate(bytes, memory).median as WasmMedianFn;
}

/**
 * A `RowMedianKernel`-shaped wrapper with its own memory: copies the rows in, runs the
 * wasm kernel, copies the reference out. For callers whose rows are not already in wasm
 * memory (the main thread's channel-group reference).
 */
export function wasmRowMedian(
  k: number,
  dtype: TraceDtype,
): (raw: Int16Array, nColumns: number, columns: Int32Array, ref: Float64Array) => void {
  const memory = createMemory(1);
  const median = createWasmMedian(k, memory);
  const COLS = 0;
  const RAW = 256;
  return (raw, nColumns, columns, ref) => {
    const rows = raw.length / nColumns;
    const blocks = Math.ceil(rows / MEDIAN_ROW_BLOCK);
    const rawBytes = blocks * MEDIAN_ROW_BLOCK * nColumns * 2;
    const refPtr = RAW + Math.ceil(rawBytes / 16) * 16;
    ensureMemory(memory, refPtr + blocks * MEDIAN_ROW_BLOCK * 8);
    const buffer = memory.buffer;
    new Int32Array(buffer, COLS, k).set(Array.from(columns, (c) => 2 * c));
    new Int16Array(buffer, RAW, raw.length).set(raw);
    median(RAW, 2 * nColumns, COLS, blocks, refPtr, dtype === 'float64' ? 1 : 0, 0, 0);
    ref.set(new Float64Array(buffer, refPtr, rows));
  };
}
