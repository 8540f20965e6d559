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

/** Byte offsets in the kernel's memory. */
const COEF_PTR = 0; // 25 splatted coefficients (b0 b1 b2 a1 a2 per section), 16 bytes each
const STATE_PTR = 400; // 10 lane-pair states (z0 z1 per section)
/** First byte of the interleaved sample area (`[a0, b0, a1, b1, …]` float64). */
export const PAIR_DATA_PTR = 1024;

function uleb(n: number): number[] {
  const out: number[] = [];
  do {
    let b = n & 0x7f;
    n >>>= 7;
    if (n) b |= 0x80;
    out.push(b);
  } while (n);
  return out;
}

function sleb(n: number): number[] {
  const out: number[] = [];
  for (;;) {
    const b = n & 0x7f;
    n >>= 7;
    if ((n === 0 && (b & 0x40) === 0) || (n === -1 && (b & 0x40) !== 0)) {
      out.push(b);
      return out;
    }
    out.push(b | 0x80);
  }
}

function section(id: number, body: number[]): number[] {
  return [id, ...uleb(body.length), ...body];
}

/** The kernel's bytes: `run(n: i32, step: i32, x: i32)` over `n` pairs from byte `x`, advancing `step` bytes. */
function kernelBytes(): Uint8Array {
  const get = (i: number): number[] => [0x20, ...uleb(i)];
  const set = (i: number): number[] => [0x21, ...uleb(i)];
  const simd = (op: number): number[] => [0xfd, ...uleb(op)];
  const load = (offset: number): number[] => [...simd(0), 4, ...uleb(offset)];
  const store = (offset: number): number[] => [...simd(11), 4, ...uleb(offset)];
  const ADD = simd(240);
  const SUB = simd(241);
  const MUL = simd(242);
  // params: 0 n, 1 step, 2 x; v128 locals: 3..27 coefficients, 28..37 state, 38 xc, 39 y
  const C = (s: number, k: number): number => 3 + 5 * s + k; // k: 0 b0, 1 b1, 2 b2, 3 a1, 4 a2
  const Z = (s: number, k: number): number => 28 + 2 * s + k;
  const XC = 38;
  const Y = 39;
  const zero = [0x41, 0]; // i32.const 0 (absolute addresses)
  const body: number[] = [1, 37, 0x7b]; // one local group: 37 × v128
  for (let s = 0; s < 5; s++) for (let k = 0; k < 5; k++) body.push(...zero, ...load(COEF_PTR + 16 * (5 * s + k)), ...set(C(s, k)));
  for (let s = 0; s < 5; s++) for (let k = 0; k < 2; k++) body.push(...zero, ...load(STATE_PTR + 16 * (2 * s + k)), ...set(Z(s, k)));
  body.push(0x03, 0x40); // loop
  body.push(...get(2), ...load(0), ...set(XC));
  for (let s = 0; s < 5; s++) {
    body.push(...get(C(s, 0)), ...get(XC), ...MUL, ...get(Z(s, 0)), ...ADD, ...set(Y));
    body.push(...get(C(s, 1)), ...get(XC), ...MUL, ...get(C(s, 3)), ...get(Y), ...MUL, ...SUB, ...get(Z(s, 1)), ...ADD, ...set(Z(s, 0)));
    body.push(...get(C(s, 2)), ...get(XC), ...MUL, ...get(C(s, 4)), ...get(Y), ...MUL, ...SUB, ...set(Z(s, 1)));
    body.push(...get(Y), ...set(XC));
  }
  body.push(...get(2), ...get(XC), ...store(0));
  body.push(...get(2), ...get(1), 0x6a, ...set(2)); // x += step
  body.push(...get(0), 0x41, ...sleb(1), 0x6b, 0x22, 0, 0x0d, 0); // br_if (--n != 0)
  body.push(0x0b); // end loop
  for (let s = 0; s < 5; s++) for (let k = 0; k < 2; k++) body.push(...zero, ...get(Z(s, k)), ...store(STATE_PTR + 16 * (2 * s + k)));
  body.push(0x0b);
  const name = (s: string): number[] => [...uleb(s.length), ...Array.from(s, (ch) => ch.charCodeAt(0))];
  return Uint8Array.from([
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
    ...section(1, [1, 0x60, 3, 0x7f, 0x7f, 0x7f, 0]),
    ...section(3, [1, 0]),
    ...section(5, [1, 0, 1]),
    ...section(7, [2, ...name('memory'), 2, 0, ...name('run'), 0, 0]),
    ...section(10, [1, ...uleb(body.length), ...body]),
  ]);
}

/** The part of a `WebAssembly.Memory` used here (the package's TS lib has no WebAssembly types). */
export interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}

/** The WebAssembly constructors used here. */
interface WasmApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: Record<string, unknown> };
}

/** A per-thread instance of the pair kernel and its memory. */
export interface SosfiltPairKernel {
  memory: WasmMemory;
  run: (n: number, step: number, x: number) => void;
}

/** Instantiates the pair kernel (synchronously; the module is tiny). */
export function createSosfiltPairKernel(): SosfiltPairKernel {
  const wasm = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;
  const instance = new wasm.Instance(new wasm.Module(kernelBytes()), {});
  return { memory: instance.exports.memory as WasmMemory, run: instance.exports.run as SosfiltPairKernel['run'] };
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
  kernel.run(extLen, 16, base * 8);
  const last = base + 2 * (extLen - 1);
  const a1 = mem[last];
  const b1 = mem[last + 1];
  for (let k = 0; k < 10; k++) {
    mem[state + 2 * k] = zi[k] * a1;
    mem[state + 2 * k + 1] = zi[k] * b1;
  }
  kernel.run(extLen, -16, last * 8);
}
