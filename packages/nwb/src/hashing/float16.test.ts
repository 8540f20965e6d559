import { halfBitsToNumber, numberToHalfBits } from './float16';

// numpy float16 bit patterns at the edges: signed zeros, subnormals, the normal range's ends,
// infinities and NaN (numpy's canonical quiet NaN is 0x7e00).
describe('float16 bits', () => {
  const cases: [number, number][] = [
    [0x0000, 0],
    [0x0001, 2 ** -24],
    [0x03ff, 1023 * 2 ** -24],
    [0x0400, 2 ** -14],
    [0x3c00, 1],
    [0x3c01, 1 + 2 ** -10],
    [0x3bff, 1 - 2 ** -11],
    [0x4000, 2],
    [0x3555, 0.333251953125],
    [0x7bff, 65504],
    [0x7c00, Infinity],
    [0x8001, -(2 ** -24)],
    [0xc000, -2],
    [0xfbff, -65504],
    [0xfc00, -Infinity],
  ];

  it.each(cases)('0x%s ↔ %s', (bits, value) => {
    expect(halfBitsToNumber(bits)).toBe(value);
    expect(numberToHalfBits(value)).toBe(bits);
  });

  it('keeps the sign of zero and maps NaN to numpy’s quiet NaN', () => {
    expect(Object.is(halfBitsToNumber(0x8000), -0)).toBe(true);
    expect(numberToHalfBits(-0)).toBe(0x8000);
    expect(numberToHalfBits(0)).toBe(0);
    expect(numberToHalfBits(NaN)).toBe(0x7e00);
    expect(halfBitsToNumber(0x7e00)).toBeNaN();
    expect(halfBitsToNumber(0xfc01)).toBeNaN();
  });

  it('finds the exponent of every power of two in range (no off-by-one from log2)', () => {
    for (let e = -14; e <= 15; e += 1) {
      expect(numberToHalfBits(2 ** e)).toBe((e + 15) << 10);
      expect(numberToHalfBits(2 ** e * (2 - 2 ** -10))).toBe(((e + 15) << 10) | 0x3ff);
    }
  });

  // IEEE 754 binary16, written out here: 1 sign bit, 5 exponent bits (bias 15), 10 fraction bits.
  const decodeHalf = (bits: number): number => {
    const sign = bits >> 15 ? -1 : 1;
    const exponent = (bits >> 10) & 31;
    const fraction = (bits & 1023) / 1024;
    if (exponent === 31) return fraction ? NaN : sign * Infinity;
    return exponent ? sign * 2 ** (exponent - 15) * (1 + fraction) : sign * 2 ** -14 * fraction;
  };

  it('round-trips every one of the 65536 bit patterns (every NaN to 0x7e00)', () => {
    const wrong: string[] = [];
    for (let bits = 0; bits <= 0xffff; bits += 1) {
      const value = decodeHalf(bits);
      const back = numberToHalfBits(value);
      if (!Object.is(halfBitsToNumber(bits), value) || back !== (Number.isNaN(value) ? 0x7e00 : bits)) {
        wrong.push(`0x${bits.toString(16)} → ${value} → 0x${back.toString(16)}`);
      }
    }
    expect(wrong).toEqual([]);
  });
});
