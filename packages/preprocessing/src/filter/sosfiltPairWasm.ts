/**
 * A WebAssembly SIMD kernel that runs the 5-section direct-form-II-transposed cascade of
 * `sosfiltRun` on two channels at once, one per f64x2 lane. WebAssembly float arithmetic is
 * IEEE-754 binary64 with round-to-nearest and no fused multiply-add, and every lane gets
 * exactly the scalar loop's operations in the scalar loop's order:
 * `y = b0·x + z0; z0 = (b1·x − a1·y) + z1; z1 = b2·x − a2·y` — so each channel's result is
 * bit-identical to the scalar code; the lanes only halve the instruction count.
 *
 * The module is assembled here from its opcodes (no toolchain, no binary blob).
 */

import { createMemory, instantiate, moduleBytes, op, T } from '@spyglass-recompute/nwb';
import type { WasmFunction, WasmMemory } from '@spyglass-recompute/nwb';

export type { WasmMemory } from '@spyglass-recompute/nwb';

/** Byte offsets in the kernel's memory. */
const COEF_PTR = 0; // 25 splatted coefficients (b0 b1 b2 a1 a2 per section), 16 bytes each
const STATE_PTR = 400; // 10 lane-pair states (z0 z1 per section)
/** Scratch for callers: up to 64 i32 values (e.g. column offsets of the median kernel). */
export const SCRATCH_PTR = 576;
/** First byte of the interleaved sample area (`[a0, b0, a1, b1, …]` float64). */
export const PAIR_DATA_PTR = 1024;

/**
 * `run(n: i32, step: i32, x: i32)`: the cascade over `n >= 4` lane pairs from byte `x`,
 * advancing `step` bytes, in place.
 *
 * Software-pipelined: one loop iteration runs section 0 on sample `i`, section 1 on sample
 * `i − 1`, …, section 4 on sample `i − 4`, so the five sections of an iteration are
 * independent and the CPU overlaps them, instead of waiting down the section chain of one
 * sample. Every section still sees its own samples in order with the same operations, so
 * the values are those of the sample-by-sample loop; only the instruction order changes.
 * Outputs are stored four samples behind the loads, never over an unread input.
 */
function runFunction(unit: boolean[] = []): WasmFunction {
  const { get, set } = op;
  // params: 0 n, 1 step, 2 x (load pointer); i32 local 3: store pointer;
  // v128 locals: 4..28 coefficients, 29..38 state, 39..42 inputs pending for sections 1..4, 43 xc, 44 y
  const [N, STEP, X, O] = [0, 1, 2, 3];
  const C = (s: number, k: number): number => 4 + 5 * s + k; // k: 0 b0, 1 b1, 2 b2, 3 a1, 4 a2
  const Z = (s: number, k: number): number => 29 + 2 * s + k;
  const S = (s: number): number => 38 + s; // input of section s (1..4)
  const XC = 43;
  const Y = 44;
  const { f64x2Add: ADD, f64x2Sub: SUB, f64x2Mul: MUL } = op;
  const zero = op.i32(0); // absolute addresses
  // y = b0·x + z0; z0 = (b1·x − a1·y) + z1; z1 = b2·x − a2·y
  // a coefficient that is exactly 1 (b0, b2 of the band-pass's later sections) multiplies
  // nothing: 1·x is x bit for bit, so the product is skipped (fewer operations and registers)
  const times = (s: number, k: number, input: number): number[] =>
    unit[2 * s + (k === 0 ? 0 : 1)] ? get(input) : [...get(C(s, k)), ...get(input), ...MUL];
  const section = (s: number, input: number, output: number): number[] => [
    ...times(s, 0, input),
    ...get(Z(s, 0)),
    ...ADD,
    ...set(Y),
    ...get(C(s, 1)),
    ...get(input),
    ...MUL,
    ...get(C(s, 3)),
    ...get(Y),
    ...MUL,
    ...SUB,
    ...get(Z(s, 1)),
    ...ADD,
    ...set(Z(s, 0)),
    ...times(s, 2, input),
    ...get(C(s, 4)),
    ...get(Y),
    ...MUL,
    ...SUB,
    ...set(Z(s, 1)),
    ...get(Y),
    ...set(output),
  ];
  const loadFirst = [...get(X), ...op.v128Load(0), ...set(XC), ...section(0, XC, S(1)), ...get(X), ...get(STEP), ...op.i32Add, ...set(X)];
  const storeLast = [...section(4, S(4), Y), ...get(O), ...get(Y), ...op.v128Store(0), ...get(O), ...get(STEP), ...op.i32Add, ...set(O)];
  const body: number[] = [];
  for (let s = 0; s < 5; s++) {
    for (let k = 0; k < 5; k++)
      if (!((k === 0 && unit[2 * s]) || (k === 2 && unit[2 * s + 1])))
        body.push(...zero, ...op.v128Load(COEF_PTR + 16 * (5 * s + k)), ...set(C(s, k)));
  }
  for (let s = 0; s < 5; s++) for (let k = 0; k < 2; k++) body.push(...zero, ...op.v128Load(STATE_PTR + 16 * (2 * s + k)), ...set(Z(s, k)));
  body.push(...get(X), ...set(O));
  // fill: step k runs sections k..1 on the samples already in flight, then section 0 on sample k
  for (let k = 0; k < 4; k++) {
    for (let s = k; s >= 1; s--) body.push(...section(s, S(s), S(s + 1)));
    body.push(...loadFirst);
  }
  // steady state, n − 4 iterations (sections from the last down, each consuming its input before it is replaced)
  body.push(...get(N), ...op.i32(4), ...op.i32Sub, ...set(N));
  body.push(...op.block, ...get(N), ...op.i32Eqz, ...op.brIf(0), ...op.loop);
  body.push(...storeLast);
  for (let s = 3; s >= 1; s--) body.push(...section(s, S(s), S(s + 1)));
  body.push(...loadFirst);
  body.push(...get(N), ...op.i32(1), ...op.i32Sub, ...op.tee(N), ...op.brIf(0), ...op.end, ...op.end);
  // drain: the last four samples finish their remaining sections
  for (let k = 0; k < 4; k++) {
    body.push(...storeLast);
    for (let s = 3; s >= 1 + k; s--) body.push(...section(s, S(s), S(s + 1)));
  }
  for (let s = 0; s < 5; s++)
    for (let k = 0; k < 2; k++) body.push(...zero, ...get(Z(s, k)), ...op.v128Store(STATE_PTR + 16 * (2 * s + k)));
  return {
    name: 'run',
    params: [T.i32, T.i32, T.i32],
    locals: [
      [1, T.i32],
      [41, T.v128],
    ],
    body,
  };
}

/**
 * `gather(raw, stride, ca, cb, ref, n, ext, int16)`: for `n` rows of a row-major int16 block
 * at `raw` (`stride` bytes per row), writes the referenced samples of the columns at byte
 * offsets `ca`, `cb` as an interleaved float64 pair at `ext`, subtracting the float64
 * reference at `ref`. int16: `wrap16(x − r)` (numpy int16 arithmetic; `r` holds int16
 * values); else `x − r` in float64 — the same values as the scalar gather.
 */
function gatherFunction(): WasmFunction {
  const { get, set } = op;
  const [RAW, STRIDE, CA, CB, REF, N, EXT, INT16, RI, RF] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9];
  const step = [
    ...get(RAW),
    ...get(STRIDE),
    ...op.i32Add,
    ...set(RAW),
    ...get(REF),
    ...op.i32(8),
    ...op.i32Add,
    ...set(REF),
    ...get(EXT),
    ...op.i32(16),
    ...op.i32Add,
    ...set(EXT),
  ];
  const next = [...get(N), ...op.i32(1), ...op.i32Sub, ...op.tee(N), ...op.brIf(0)];
  const sample = (col: number): number[] => [...get(RAW), ...get(col), ...op.i32Add, ...op.i32Load16S()];
  const body = [
    ...op.block,
    ...get(N),
    ...op.i32Eqz,
    ...op.brIf(0),
    ...get(INT16),
    ...op.if,
    ...op.loop,
    ...get(REF),
    ...op.f64Load(),
    ...op.i32TruncSatF64S,
    ...set(RI),
    ...get(EXT),
    ...sample(CA),
    ...get(RI),
    ...op.i32Sub,
    ...op.i32Extend16S,
    ...op.f64ConvertI32S,
    ...op.f64Store(0),
    ...get(EXT),
    ...sample(CB),
    ...get(RI),
    ...op.i32Sub,
    ...op.i32Extend16S,
    ...op.f64ConvertI32S,
    ...op.f64Store(8),
    ...step,
    ...next,
    ...op.end,
    ...op.else,
    ...op.loop,
    ...get(REF),
    ...op.f64Load(),
    ...set(RF),
    ...get(EXT),
    ...sample(CA),
    ...op.f64ConvertI32S,
    ...get(RF),
    ...op.f64Sub,
    ...op.f64Store(0),
    ...get(EXT),
    ...sample(CB),
    ...op.f64ConvertI32S,
    ...get(RF),
    ...op.f64Sub,
    ...op.f64Store(8),
    ...step,
    ...next,
    ...op.end,
    ...op.end,
    ...op.end,
  ];
  return {
    name: 'gather',
    params: [T.i32, T.i32, T.i32, T.i32, T.i32, T.i32, T.i32, T.i32],
    locals: [
      [1, T.i32],
      [1, T.f64],
    ],
    body,
  };
}

/**
 * `scatter(ext, n, out, stride, ca, cb, mode)`: writes `n` interleaved float64 pairs from
 * `ext` into a row-major block at `out` (`stride` bytes per row) at byte offsets `ca` (lane
 * 0) and `cb` (lane 1). mode bit 0: lane 0 only; bit 1: float64 output, else numpy
 * `astype(int16)`: truncate to int32 (NaN and values outside int32 → INT32_MIN, whose low
 * 16 bits are 0), keep the low 16 bits. `i32.trunc_sat` gives 0 for NaN and INT32_MIN
 * below range; above range it saturates to INT32_MAX, so those are mapped to 0 explicitly.
 */
function scatterFunction(): WasmFunction {
  const { get, set } = op;
  const [EXT, N, OUT, STRIDE, CA, CB, MODE, X] = [0, 1, 2, 3, 4, 5, 6, 7];
  const castStore = (col: number, lane: number): number[] => [
    ...get(OUT),
    ...get(col),
    ...op.i32Add,
    ...get(EXT),
    ...op.f64Load(8 * lane),
    ...op.tee(X),
    ...op.i32TruncSatF64S,
    ...op.i32(0),
    ...get(X),
    ...op.f64(2147483648),
    ...op.f64Lt,
    ...op.select,
    ...op.i32Store16(),
  ];
  const copyStore = (col: number, lane: number): number[] => [
    ...get(OUT),
    ...get(col),
    ...op.i32Add,
    ...get(EXT),
    ...op.f64Load(8 * lane),
    ...op.f64Store(),
  ];
  const loopOf = (store: (col: number, lane: number) => number[]): number[] => [
    ...op.loop,
    ...store(CA, 0),
    ...get(MODE),
    ...op.i32(1),
    ...op.i32And,
    ...op.i32Eqz,
    ...op.if,
    ...store(CB, 1),
    ...op.end,
    ...get(EXT),
    ...op.i32(16),
    ...op.i32Add,
    ...set(EXT),
    ...get(OUT),
    ...get(STRIDE),
    ...op.i32Add,
    ...set(OUT),
    ...get(N),
    ...op.i32(1),
    ...op.i32Sub,
    ...op.tee(N),
    ...op.brIf(0),
    ...op.end,
  ];
  const body = [
    ...op.block,
    ...get(N),
    ...op.i32Eqz,
    ...op.brIf(0),
    ...get(MODE),
    ...op.i32(2),
    ...op.i32And,
    ...op.if,
    ...loopOf(copyStore),
    ...op.else,
    ...loopOf(castStore),
    ...op.end,
    ...op.end,
  ];
  return { name: 'scatter', params: [T.i32, T.i32, T.i32, T.i32, T.i32, T.i32, T.i32], locals: [[1, T.f64]], body };
}

/**
 * `split(raw, stride, table, nPairs, rows, dst, pairBytes)`: transposes the channels of a
 * row-major int16 block into per-pair streams, so each pair's later passes read memory in
 * order instead of touching every row's cache line: pair `p`'s samples of row `i` go to
 * `dst + p·pairBytes + 4·i` (lane a) and `+ 2` (lane b), taken from the row at the byte
 * offsets `table[2p]`, `table[2p + 1]` (i32s).
 */
function splitFunction(): WasmFunction {
  const { get, set } = op;
  const [RAW, STRIDE, TABLE, NPAIRS, ROWS, DST, PAIRBYTES, P, TAB, OUT] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9];
  const body = [
    ...op.block,
    ...get(ROWS),
    ...op.i32Eqz,
    ...op.brIf(0),
    ...get(NPAIRS),
    ...op.i32Eqz,
    ...op.brIf(0),
    ...op.loop, // rows
    ...get(NPAIRS),
    ...set(P),
    ...get(TABLE),
    ...set(TAB),
    ...get(DST),
    ...set(OUT),
    ...op.loop, // pairs
    ...get(OUT),
    ...get(RAW),
    ...get(TAB),
    ...op.i32Load(0),
    ...op.i32Add,
    ...op.i32Load16S(),
    ...op.i32Store16(0),
    ...get(OUT),
    ...get(RAW),
    ...get(TAB),
    ...op.i32Load(4),
    ...op.i32Add,
    ...op.i32Load16S(),
    ...op.i32Store16(2),
    ...get(TAB),
    ...op.i32(8),
    ...op.i32Add,
    ...set(TAB),
    ...get(OUT),
    ...get(PAIRBYTES),
    ...op.i32Add,
    ...set(OUT),
    ...get(P),
    ...op.i32(1),
    ...op.i32Sub,
    ...op.tee(P),
    ...op.brIf(0),
    ...op.end,
    ...get(RAW),
    ...get(STRIDE),
    ...op.i32Add,
    ...set(RAW),
    ...get(DST),
    ...op.i32(4),
    ...op.i32Add,
    ...set(DST),
    ...get(ROWS),
    ...op.i32(1),
    ...op.i32Sub,
    ...op.tee(ROWS),
    ...op.brIf(0),
    ...op.end,
    ...op.end,
  ];
  return { name: 'split', params: [T.i32, T.i32, T.i32, T.i32, T.i32, T.i32, T.i32], locals: [[3, T.i32]], body };
}

/**
 * `merge(src, pairBytes, nPairs, rows, out, stride, odd)`: the inverse of `split` for an
 * output whose channels are contiguous: row `i` of pair `p` (`src + p·pairBytes + 4·i`) goes
 * to `out + i·stride + 4p`; with `odd`, the last pair holds one channel (lane a only).
 */
function mergeFunction(): WasmFunction {
  const { get, set } = op;
  const [SRC, PAIRBYTES, NPAIRS, ROWS, OUT, STRIDE, ODD, P, IN, DST, FULL] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
  const body = [
    ...op.block,
    ...get(ROWS),
    ...op.i32Eqz,
    ...op.brIf(0),
    ...get(NPAIRS),
    ...get(ODD),
    ...op.i32Sub,
    ...set(FULL),
    ...op.loop, // rows
    ...get(SRC),
    ...set(IN),
    ...get(OUT),
    ...set(DST),
    ...op.block,
    ...get(FULL),
    ...op.i32Eqz,
    ...op.brIf(0),
    ...get(FULL),
    ...set(P),
    ...op.loop, // full pairs: one 32-bit copy each
    ...get(DST),
    ...get(IN),
    ...op.i32Load(0),
    ...op.i32Store(0, 1), // the output is only 2-byte aligned
    ...get(IN),
    ...get(PAIRBYTES),
    ...op.i32Add,
    ...set(IN),
    ...get(DST),
    ...op.i32(4),
    ...op.i32Add,
    ...set(DST),
    ...get(P),
    ...op.i32(1),
    ...op.i32Sub,
    ...op.tee(P),
    ...op.brIf(0),
    ...op.end,
    ...op.end,
    ...get(ODD),
    ...op.if,
    ...get(DST),
    ...get(IN),
    ...op.i32Load16S(),
    ...op.i32Store16(),
    ...op.end,
    ...get(SRC),
    ...op.i32(4),
    ...op.i32Add,
    ...set(SRC),
    ...get(OUT),
    ...get(STRIDE),
    ...op.i32Add,
    ...set(OUT),
    ...get(ROWS),
    ...op.i32(1),
    ...op.i32Sub,
    ...op.tee(ROWS),
    ...op.brIf(0),
    ...op.end,
    ...op.end,
  ];
  return { name: 'merge', params: [T.i32, T.i32, T.i32, T.i32, T.i32, T.i32, T.i32], locals: [[4, T.i32]], body };
}

let kernelModuleBytes: Uint8Array | undefined;
const runModuleBytes = new Map<string, Uint8Array>();

/**
 * The kernel's `run` specialised to `sos`: `b0` / `b2` coefficients equal to 1 (every
 * section of a Butterworth band-pass after the first) skip their multiplication. Same
 * values bit for bit, fewer instructions in the loop.
 */
export function runFor(kernel: SosfiltPairKernel, sos: Float64Array): SosfiltPairKernel['run'] {
  const unit = Array.from({ length: 10 }, (_, j) => sos[6 * (j >> 1) + (j & 1 ? 2 : 0)] === 1);
  const key = unit.map((u) => (u ? '1' : '0')).join('');
  let run = kernel.runs.get(key);
  if (!run) {
    let bytes = runModuleBytes.get(key);
    if (!bytes) {
      bytes = moduleBytes([runFunction(unit)]);
      runModuleBytes.set(key, bytes);
    }
    run = instantiate(bytes, kernel.memory).run as SosfiltPairKernel['run'];
    kernel.runs.set(key, run);
  }
  return run;
}

/** A per-thread instance of the pair kernel and its memory. */
export interface SosfiltPairKernel {
  memory: WasmMemory;
  run: (n: number, step: number, x: number) => void;
  /** `run` specialised to a filter's unit coefficients (see {@link runFor}), by pattern. */
  runs: Map<string, (n: number, step: number, x: number) => void>;
  gather: (raw: number, stride: number, ca: number, cb: number, ref: number, n: number, ext: number, int16: number) => void;
  scatter: (ext: number, n: number, out: number, stride: number, ca: number, cb: number, mode: number) => void;
  split: (raw: number, stride: number, table: number, nPairs: number, rows: number, dst: number, pairBytes: number) => void;
  merge: (src: number, pairBytes: number, nPairs: number, rows: number, out: number, stride: number, odd: number) => void;
}

/** Instantiates the pair kernel over `memory` (a fresh one by default; synchronously: the module is tiny). */
export function createSosfiltPairKernel(memory: WasmMemory = createMemory(1)): SosfiltPairKernel {
  kernelModuleBytes ??= moduleBytes([runFunction(), gatherFunction(), scatterFunction(), splitFunction(), mergeFunction()]);
  const exports = instantiate(kernelModuleBytes, memory);
  return {
    memory,
    run: exports.run as SosfiltPairKernel['run'],
    runs: new Map(),
    gather: exports.gather as SosfiltPairKernel['gather'],
    scatter: exports.scatter as SosfiltPairKernel['scatter'],
    split: exports.split as SosfiltPairKernel['split'],
    merge: exports.merge as SosfiltPairKernel['merge'],
  };
}

/** Grows the kernel memory so `PAIR_DATA_PTR + bytes` fits; returns a fresh Float64Array view of all of it. */
export function pairMemory(kernel: SosfiltPairKernel, bytes: number): Float64Array {
  const need = PAIR_DATA_PTR + bytes;
  const have = kernel.memory.buffer.byteLength;
  if (need > have) kernel.memory.grow(Math.ceil((need - have) / 65536));
  return new Float64Array(kernel.memory.buffer);
}

/**
 * `filtfiltPadded` for a pair of channels interleaved at `mem[base + 2·i + lane]`
 * (`i < nRows + 2·padlen`, signal at `i ∈ [padlen, padlen + nRows)`): scipy's odd
 * extension (int16-wrapped when `int16Extension`), the forward pass from `zi·x[0]` and the
 * backward pass from `zi·y[-1]`, per lane, in place. `sos` must have 5 sections.
 */
export function filtfiltPairInterleaved(
  kernel: SosfiltPairKernel,
  sos: Float64Array,
  zi: Float64Array,
  mem: Float64Array,
  base: number,
  padlen: number,
  nRows: number,
  int16Extension: boolean,
): void {
  const extLen = nRows + 2 * padlen;
  for (let lane = 0; lane < 2; lane++) {
    const o = base + lane;
    const first = mem[o + 2 * padlen];
    const last = mem[o + 2 * (padlen + nRows - 1)];
    for (let i = 1; i <= padlen; i++) {
      // filtfiltPadded's odd extension: 2·x[0] − x[i], wrapped to int16 for int16 traces
      const left = 2 * first - mem[o + 2 * (padlen + i)];
      const right = 2 * last - mem[o + 2 * (padlen + nRows - 1 - i)];
      mem[o + 2 * (padlen - i)] = int16Extension ? ((left + 32768) & 0xffff) - 32768 : left;
      mem[o + 2 * (padlen + nRows - 1 + i)] = int16Extension ? ((right + 32768) & 0xffff) - 32768 : right;
    }
  }
  const coef = COEF_PTR / 8;
  const order = [0, 1, 2, 4, 5];
  for (let s = 0; s < 5; s++) {
    for (let k = 0; k < 5; k++) {
      const v = sos[s * 6 + order[k]];
      mem[coef + 2 * (5 * s + k)] = v;
      mem[coef + 2 * (5 * s + k) + 1] = v;
    }
  }
  const state = STATE_PTR / 8;
  const a0 = mem[base];
  const b0 = mem[base + 1];
  for (let k = 0; k < 10; k++) {
    mem[state + 2 * k] = zi[k] * a0;
    mem[state + 2 * k + 1] = zi[k] * b0;
  }
  const run = runFor(kernel, sos);
  run(extLen, 16, base * 8);
  const last = base + 2 * (extLen - 1);
  const a1 = mem[last];
  const b1 = mem[last + 1];
  for (let k = 0; k < 10; k++) {
    mem[state + 2 * k] = zi[k] * a1;
    mem[state + 2 * k + 1] = zi[k] * b1;
  }
  run(extLen, -16, last * 8);
}
