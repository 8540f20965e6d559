/**
 * numpy `float64.astype(int16)` on x86_64: truncate toward zero, convert to int32
 * (`cvttsd2si`: NaN and values outside int32 give INT32_MIN), keep the low 16 bits.
 */
export function castToInt16(input: Float64Array, output?: Int16Array): Int16Array {
  const out = output ?? new Int16Array(input.length);
  for (let i = 0; i < input.length; i++) {
    const t = Math.trunc(input[i]);
    // INT32_MIN's low 16 bits are 0, so NaN/out-of-range map to 0
    out[i] = t >= -2147483648 && t < 2147483648 ? t : 0;
  }
  return out;
}
