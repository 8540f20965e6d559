import { createMemory, ensureMemory, instantiate, moduleBytes, op, T, type WasmFunction, type WasmMemory } from '../wasm/wasmAssembler';
import { numpyRoundFloatsInPlace, powerOfTen } from './numpyRound';

/** Bytes rounded per kernel call: the wasm memory stays this small whatever the data size. */
const WINDOW_BYTES = 1024 * 1024;
const VECTOR_BYTES = 16;
/** The floats whose bit patterns are only the quiet-NaN bit (mantissa MSB): 0x0008000000000000 and 0x00400000. */
const QUIET_BIT_F64 = new Float64Array(new BigUint64Array([0x0008000000000000n]).buffer)[0];
const QUIET_BIT_F32 = new Float32Array(new Uint32Array([0x00400000]).buffer)[0];

/**
 * `round64(ptr, end, p)` / `round32(ptr, end, p)`: for each float in [ptr, end) (16-byte
 * steps), `x` finite → `nearest(x * p) / p` in the lanes' own precision; ±inf unchanged; a NaN
 * keeps its sign and payload with the quiet bit set. This is numpy 1.24's `np.round(x, d)` for
 * float64/float32: `rint` is IEEE roundTiesToEven, which is what wasm `nearest` does, and
 * wasm float arithmetic is correctly rounded with no fused multiply-add. The NaN lanes are
 * set by bit operations, not arithmetic, because wasm leaves an arithmetic NaN's payload open.
 */
function roundKernel(name: string, width: 'f64' | 'f32'): WasmFunction {
  const [splat, mul, nearest, div, sub, eq, ne, zero, quietBit] =
    width === 'f64'
      ? [op.f64x2Splat, op.f64x2Mul, op.f64x2Nearest, op.f64x2Div, op.f64x2Sub, op.f64x2Eq, op.f64x2Ne, op.f64(0), op.f64(QUIET_BIT_F64)]
      : [op.f32x4Splat, op.f32x4Mul, op.f32x4Nearest, op.f32x4Div, op.f32x4Sub, op.f32x4Eq, op.f32x4Ne, op.f32(0), op.f32(QUIET_BIT_F32)];
  const [ptr, end, p, scale, x] = [0, 1, 2, 3, 4];
  return {
    name,
    params: [T.i32, T.i32, width === 'f64' ? T.f64 : T.f32],
    locals: [[2, T.v128]],
    body: [
      ...op.get(p),
      ...splat,
      ...op.set(scale),
      ...op.block,
      ...op.loop,
      ...op.get(ptr),
      ...op.get(end),
      ...op.i32GeU,
      ...op.brIf(1),
      ...op.get(ptr), // store address
      ...op.get(ptr),
      ...op.v128Load(0),
      ...op.tee(x),
      ...op.get(scale),
      ...mul,
      ...nearest,
      ...op.get(scale),
      ...div, // rounded
      ...op.get(x), // not finite: x, with the quiet bit set where x is NaN
      ...op.get(x),
      ...op.get(x),
      ...ne, // NaN lanes: x != x
      ...quietBit,
      ...splat,
      ...op.v128And,
      ...op.v128Or,
      ...op.get(x),
      ...op.get(x),
      ...sub,
      ...zero,
      ...splat,
      ...eq, // finite lanes: x - x == 0
      ...op.v128Bitselect,
      ...op.v128Store(0),
      ...op.get(ptr),
      ...op.i32(VECTOR_BYTES),
      ...op.i32Add,
      ...op.set(ptr),
      ...op.br(0),
      ...op.end,
      ...op.end,
    ],
  };
}

/**
 * In-place `np.round(x, decimals)` for large float arrays with a SIMD WebAssembly kernel,
 * bit-identical to {@link numpyRoundFloatsInPlace} (the scalar reference, which still does
 * float16 and the last few elements of a block) and about ten times faster. Data passes
 * through a 1 MiB window of the rounder's own wasm memory, so any buffer works (shared,
 * unaligned) and memory stays bounded. One rounder per thread; not shareable across threads.
 */
export class FloatRounder {
  private constructor(
    private readonly memory: WasmMemory,
    private readonly kernels: {
      round64: (ptr: number, end: number, p: number) => void;
      round32: (ptr: number, end: number, p: number) => void;
    },
  ) {}

  /** Compiles the kernels (a few hundred bytes of wasm; well under a millisecond). */
  static create(): FloatRounder {
    const memory = createMemory(1);
    ensureMemory(memory, WINDOW_BYTES);
    const exports = instantiate(moduleBytes([roundKernel('round64', 'f64'), roundKernel('round32', 'f32')]), memory);
    return new FloatRounder(memory, exports as unknown as FloatRounder['kernels']);
  }

  /**
   * Rounds little-endian float elements of `itemsize` bytes in place (see
   * {@link numpyRoundFloatsInPlace} for the exact semantics).
   */
  roundInPlace(bytes: Uint8Array, itemsize: 2 | 4 | 8, decimals: number): void {
    if (!Number.isInteger(decimals) || decimals < 0) throw new RangeError(`decimals must be a non-negative integer, got ${decimals}`);
    if (itemsize === 2) {
      numpyRoundFloatsInPlace(bytes, itemsize, decimals);
      return;
    }
    const kernel = itemsize === 8 ? this.kernels.round64 : this.kernels.round32;
    const p = itemsize === 8 ? powerOfTen(decimals) : Math.fround(powerOfTen(decimals));
    const window = new Uint8Array(this.memory.buffer, 0, WINDOW_BYTES);
    const vectorBytes = bytes.byteLength - (bytes.byteLength % VECTOR_BYTES);
    for (let at = 0; at < vectorBytes; at += WINDOW_BYTES) {
      const n = Math.min(WINDOW_BYTES, vectorBytes - at);
      const piece = bytes.subarray(at, at + n);
      window.set(piece);
      kernel(0, n, p);
      piece.set(window.subarray(0, n));
    }
    if (vectorBytes < bytes.byteLength) {
      // The < 16-byte tail, via the scalar reference on an aligned copy.
      const tail = bytes.slice(vectorBytes);
      numpyRoundFloatsInPlace(tail, itemsize, decimals);
      bytes.set(tail, vectorBytes);
    }
  }
}
