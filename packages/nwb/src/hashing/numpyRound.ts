import { roundToFloat16 } from '../python-format/pythonFloatRepr';
import { halfBitsToNumber, numberToHalfBits } from './float16';

/** The quiet-NaN bit (mantissa MSB): of float64's high word, of float32, of float16. */
const QUIET_HIGH_WORD_F64 = 0x00080000;
const QUIET_BIT_F32 = 0x00400000;
const QUIET_BIT_F16 = 0x0200;

/** numpy `rint`: round half to even, keeping the sign of zero (`rint(-0.4) = -0.0`). */
export function rint(y: number): number {
  const r = Math.round(y);
  // Math.round sends ties towards +∞; numpy sends them to the even neighbour.
  return r - y === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

/** `10 ** decimals` the way numpy's C `power_of_ten` builds it (repeated multiplication). */
export function powerOfTen(decimals: number): number {
  let p = 1;
  for (let i = 0; i < decimals; i += 1) p *= 10;
  return p;
}

/**
 * In-place `np.round(x, decimals)` (numpy 1.24) on little-endian float data:
 * `rint(x * 10**d) / 10**d` computed in the array's own float type. float32 arithmetic
 * is emulated with `Math.fround`; float16 as numpy does it (float32 ops rounded to half,
 * and for d >= 5 the scalar no longer fits float16 so the product overflows to inf).
 * ±inf pass unchanged; a NaN keeps its sign and payload and comes out quiet, as numpy's
 * multiply quiets a signalling NaN (checked against numpy 1.24.2 for every float width).
 *
 * @param bytes little-endian element bytes, aligned to `itemsize`
 * @param itemsize 2, 4 or 8 (float16/32/64)
 */
export function numpyRoundFloatsInPlace(bytes: Uint8Array, itemsize: 2 | 4 | 8, decimals: number): void {
  if (!Number.isInteger(decimals) || decimals < 0) throw new RangeError(`decimals must be a non-negative integer, got ${decimals}`);
  const p = powerOfTen(decimals);
  const n = bytes.byteLength / itemsize;
  if (itemsize === 8) {
    const a = new Float64Array(bytes.buffer, bytes.byteOffset, n);
    const words = new Uint32Array(bytes.buffer, bytes.byteOffset, 2 * n);
    for (let i = 0; i < n; i += 1) {
      const x = a[i];
      // NaN bits are set through the integer view: a float store may canonicalise them.
      if (x - x === 0) a[i] = rint(x * p) / p;
      else if (x !== x) words[2 * i + 1] |= QUIET_HIGH_WORD_F64;
    }
  } else if (itemsize === 4) {
    const a = new Float32Array(bytes.buffer, bytes.byteOffset, n);
    const words = new Uint32Array(bytes.buffer, bytes.byteOffset, n);
    const p32 = Math.fround(p);
    // Products/quotients of two float32 values are exact or correctly double-rounded in
    // float64, so fround gives IEEE single-precision results.
    for (let i = 0; i < n; i += 1) {
      const x = a[i];
      if (x - x === 0) a[i] = Math.fround(rint(Math.fround(x * p32)) / p32);
      else if (x !== x) words[i] |= QUIET_BIT_F32;
    }
  } else {
    const a = new Uint16Array(bytes.buffer, bytes.byteOffset, n);
    // numpy picks the float16 loop while 10**d fits float16 (d <= 4), else the float32 loop
    // with the result stored back into float16.
    const p32 = Math.fround(p);
    for (let i = 0; i < n; i += 1) {
      const x = halfBitsToNumber(a[i]);
      if (x - x !== 0) {
        if (x !== x) a[i] |= QUIET_BIT_F16;
        continue;
      }
      const y = roundToFloat16(Math.fround(x * p32));
      const r = rint(y);
      a[i] = numberToHalfBits(roundToFloat16(Math.fround(r / p32)));
    }
  }
}
