/**
 * A minimal WebAssembly binary assembler for the project's hand-written kernels (no
 * toolchain, no binary blobs; used by core's float rounding and preprocessing's filters): LEB128 encoders, the few opcodes the kernels use, and a
 * module builder whose functions share one imported memory. WebAssembly float arithmetic is
 * IEEE-754 binary64 with round-to-nearest and no fused multiply-add, so a kernel that
 * performs the scalar code's operations in the scalar code's order is bit-identical to it.
 */

/** Unsigned LEB128. */
export function uleb(n: number): number[] {
  const out: number[] = [];
  do {
    let b = n & 0x7f;
    n >>>= 7;
    if (n) b |= 0x80;
    out.push(b);
  } while (n);
  return out;
}

/** Signed LEB128 (32-bit values). */
export function sleb(n: number): number[] {
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

function name(s: string): number[] {
  return [...uleb(s.length), ...Array.from(s, (ch) => ch.charCodeAt(0))];
}

/** Value types. */
export const T = { i32: 0x7f, f32: 0x7d, f64: 0x7c, v128: 0x7b } as const;

const simd = (code: number): number[] => [0xfd, ...uleb(code)];

/** Instruction encoders (each returns the instruction's bytes). */
export const op = {
  get: (i: number): number[] => [0x20, ...uleb(i)],
  set: (i: number): number[] => [0x21, ...uleb(i)],
  tee: (i: number): number[] => [0x22, ...uleb(i)],
  block: [0x02, 0x40],
  loop: [0x03, 0x40],
  if: [0x04, 0x40],
  else: [0x05],
  end: [0x0b],
  br: (depth: number): number[] => [0x0c, ...uleb(depth)],
  brIf: (depth: number): number[] => [0x0d, ...uleb(depth)],
  select: [0x1b],
  i32: (v: number): number[] => [0x41, ...sleb(v)],
  f32: (v: number): number[] => [0x43, ...new Uint8Array(Float32Array.of(v).buffer)],
  f64: (v: number): number[] => [0x44, ...new Uint8Array(Float64Array.of(v).buffer)],
  i32Load: (offset = 0): number[] => [0x28, 2, ...uleb(offset)],
  i32Load16S: (offset = 0): number[] => [0x2e, 1, ...uleb(offset)],
  f64Load: (offset = 0): number[] => [0x2b, 3, ...uleb(offset)],
  i32Store16: (offset = 0): number[] => [0x3b, 1, ...uleb(offset)],
  /** `i32.store` with alignment hint `2^align` bytes. */
  i32Store: (offset = 0, align = 2): number[] => [0x36, align, ...uleb(offset)],
  f64Store: (offset = 0): number[] => [0x39, 3, ...uleb(offset)],
  i32Eqz: [0x45],
  i32GeU: [0x4f],
  i32Add: [0x6a],
  i32Sub: [0x6b],
  i32Mul: [0x6c],
  i32And: [0x71],
  i32DivS: [0x6d],
  f64Lt: [0x63],
  f64Add: [0xa0],
  f64Sub: [0xa1],
  f64Mul: [0xa2],
  f64ConvertI32S: [0xb7],
  i32Extend16S: [0xc1],
  /** `i32.trunc_sat_f64_s`: NaN → 0, out of range → INT32_MIN / INT32_MAX. */
  i32TruncSatF64S: [0xfc, 0x02],
  v128Load: (offset = 0): number[] => [...simd(0), 4, ...uleb(offset)],
  v128Store: (offset = 0): number[] => [...simd(11), 4, ...uleb(offset)],
  /** `i8x16.shuffle` of the two operands' 32 bytes. */
  i8x16Shuffle: (lanes: number[]): number[] => [...simd(13), ...lanes],
  i16x8Splat: simd(16),
  i16x8ExtractLaneS: (lane: number): number[] => [...simd(24), lane],
  i16x8ReplaceLane: (lane: number): number[] => [...simd(26), lane],
  i16x8ShrS: simd(140),
  i16x8ShrU: simd(141),
  i16x8Add: simd(142),
  i16x8MinS: simd(150),
  i16x8MaxS: simd(152),
  /** `v128.bitselect(a, b, mask)`: bits of `a` where `mask` is 1, else of `b`. */
  v128Bitselect: simd(82),
  v128And: simd(78),
  v128Or: simd(80),
  f32x4Splat: simd(19),
  f32x4Eq: simd(65),
  f32x4Ne: simd(66),
  /** Round to nearest integer, ties to even (IEEE roundTiesToEven, like numpy `rint`). */
  f32x4Nearest: simd(106),
  f32x4Sub: simd(229),
  f32x4Mul: simd(230),
  f32x4Div: simd(231),
  f64x2Splat: simd(20),
  f64x2Eq: simd(71),
  f64x2Ne: simd(72),
  /** Round to nearest integer, ties to even (IEEE roundTiesToEven, like numpy `rint`). */
  f64x2Nearest: simd(148),
  f64x2Add: simd(240),
  f64x2Sub: simd(241),
  f64x2Mul: simd(242),
  f64x2Div: simd(243),
};

/** One function of a module. */
export interface WasmFunction {
  name: string;
  params: number[];
  /** Extra locals after the params, as `[count, type]` groups. */
  locals: [number, number][];
  /** Instructions (without the final `end`). */
  body: number[];
}

/**
 * A module importing its memory as `env.memory` and exporting `functions` by name (no
 * results: the kernels write to memory).
 */
export function moduleBytes(functions: WasmFunction[]): Uint8Array {
  const types: string[] = [];
  const typeIndex = functions.map((f) => {
    const key = f.params.join(',');
    if (!types.includes(key)) types.push(key);
    return types.indexOf(key);
  });
  const typeSection = [
    ...uleb(types.length),
    ...types.flatMap((key) => {
      const params = key ? key.split(',').map(Number) : [];
      return [0x60, ...uleb(params.length), ...params, 0];
    }),
  ];
  const importSection = [1, ...name('env'), ...name('memory'), 0x02, 0x00, 1];
  const functionSection = [...uleb(functions.length), ...typeIndex.flatMap((t) => uleb(t))];
  const exportSection = [...uleb(functions.length), ...functions.flatMap((f, i) => [...name(f.name), 0x00, ...uleb(i)])];
  const codeSection = [
    ...uleb(functions.length),
    ...functions.flatMap((f) => {
      const code = [...uleb(f.locals.length), ...f.locals.flatMap(([count, type]) => [...uleb(count), type]), ...f.body, 0x0b];
      return [...uleb(code.length), ...code];
    }),
  ];
  return Uint8Array.from([
    0x00,
    0x61,
    0x73,
    0x6d,
    0x01,
    0x00,
    0x00,
    0x00,
    ...section(1, typeSection),
    ...section(2, importSection),
    ...section(3, functionSection),
    ...section(7, exportSection),
    ...section(10, codeSection),
  ]);
}

/** The part of a `WebAssembly.Memory` used here (the package's TS lib has no WebAssembly types). */
export interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}

interface WasmApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: Record<string, unknown> };
  Memory: new (descriptor: { initial: number }) => WasmMemory;
}

const wasm = (): WasmApi => (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;

/** A fresh growable memory (`pages` × 64 KiB to start). */
export function createMemory(pages = 1): WasmMemory {
  return new (wasm().Memory)({ initial: pages });
}

/** Compiles `bytes` (synchronously: the kernels are small) and instantiates it over `memory`. */
export function instantiate(bytes: Uint8Array, memory: WasmMemory): Record<string, unknown> {
  const w = wasm();
  return new w.Instance(new w.Module(bytes), { env: { memory } }).exports;
}

/** Grows `memory` so it holds at least `bytes` bytes. */
export function ensureMemory(memory: WasmMemory, bytes: number): void {
  const have = memory.buffer.byteLength;
  if (bytes > have) memory.grow(Math.ceil((bytes - have) / 65536));
}
