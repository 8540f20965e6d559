import { numpyRoundFloatsInPlace } from './numpyRound';

// Paths of numpy-round emulation the rounding table (float64/float32 only) does not reach
// (issue 21, Stryker survivors): float16 data and the decimals check (NaN bits: numpyRoundNanBits.test.ts).

/** Rounds float16 bit patterns in place and returns the new bit patterns. */
function roundHalfBits(bits: number[], decimals: number): number[] {
  const a = new Uint16Array(bits);
  numpyRoundFloatsInPlace(new Uint8Array(a.buffer), 2, decimals);
  return [...a];
}

describe('numpyRoundFloatsInPlace edges', () => {
  // Inputs 0.33325, 2.5, -0.04999, 1000.5, 0.09991, 0.25 (float16 values). Expected bits from
  // `np.round(np.array([...], dtype=np.float16), d).view(np.uint16)` (numpy 2.4.6, which agrees
  // with the numpy 1.24 float16 loop emulated here): d=1 rounds -0.05 to -0.0 and 0.25 to 0.2
  // (half to even), d=0 rounds 1000.5 to 1000 and 2.5 to 2; d=2 overflows 1000.5 × 100 to inf in float16 arithmetic.
  const halves = [0x3555, 0x4100, 0xaa66, 0x63d1, 0x2e65, 0x3400];
  it('rounds float16 data like numpy (float16 arithmetic, half to even, overflow to inf)', () => {
    expect(roundHalfBits(halves, 1)).toEqual([0x34cd, 0x4100, 0x8000, 0x63d2, 0x2e66, 0x3266]);
    expect(roundHalfBits(halves, 2)).toEqual([0x3548, 0x4100, 0xaa66, 0x7c00, 0x2e66, 0x3400]);
    expect(roundHalfBits(halves, 0)).toEqual([0x0000, 0x4000, 0x8000, 0x63d0, 0x0000, 0x0000]);
  });

  it('refuses negative or fractional decimals, naming the value', () => {
    const bytes = new Uint8Array(8);
    expect(() => numpyRoundFloatsInPlace(bytes, 8, -1)).toThrow(new RangeError('decimals must be a non-negative integer, got -1'));
    expect(() => numpyRoundFloatsInPlace(bytes, 8, 1.5)).toThrow(new RangeError('decimals must be a non-negative integer, got 1.5'));
    expect(() => numpyRoundFloatsInPlace(bytes, 8, 0)).not.toThrow();
  });
});
