/** IEEE half-precision bits ↔ numbers (numpy float16), exact in both directions for float16 values. */

/** Value of the float16 with bit pattern `bits`. */
export function halfBitsToNumber(bits: number): number {
  const sign = bits & 0x8000 ? -1 : 1;
  const exp = (bits >> 10) & 0x1f;
  const frac = bits & 0x3ff;
  if (exp === 0) return sign * frac * 2 ** -24;
  if (exp === 0x1f) return frac === 0 ? sign * Infinity : NaN;
  return sign * (1024 + frac) * 2 ** (exp - 25);
}

/** Bit pattern of `x`, which must already be a float16 value (see `roundToFloat16`); NaN → 0x7e00. */
export function numberToHalfBits(x: number): number {
  if (Number.isNaN(x)) return 0x7e00;
  const signBit = x < 0 || Object.is(x, -0) ? 0x8000 : 0;
  const abs = Math.abs(x);
  if (abs === Infinity) return signBit | 0x7c00;
  if (abs === 0) return signBit;
  if (abs < 2 ** -14) return signBit | Math.round(abs / 2 ** -24);
  let e = Math.floor(Math.log2(abs));
  if (2 ** e > abs) e -= 1;
  else if (2 ** (e + 1) <= abs) e += 1;
  const frac = Math.round((abs / 2 ** e - 1) * 1024);
  return signBit | ((e + 15) << 10) | frac;
}
