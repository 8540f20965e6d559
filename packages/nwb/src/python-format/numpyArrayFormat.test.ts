import { numpyArrayStr, numpyBoolFormatter, numpyFloatFormatter, numpyIntFormatter, numpySubArrayText } from './numpyArrayFormat';

// Expected texts are numpy 1.24's own output (`str(np.array(...))`, `str(np.void)` fields),
// as quoted in ../shared/fixtures/hasher2/README.md and numpy's arrayprint documentation.
function floats(values: number[], bits: 16 | 32 | 64 = 64): string[] {
  const format = numpyFloatFormatter(values, bits);
  return values.map(format);
}

describe('numpyFloatFormatter', () => {
  it('prints a single value the way str(np.void) prints a float field', () => {
    expect(floats([3])).toEqual(['3.']);
    expect(floats([1e-5])).toEqual(['1.e-05']);
    expect(floats([-0])).toEqual(['-0.']);
    expect(floats([NaN])).toEqual(['nan']);
    expect(floats([1e16])).toEqual(['1.e+16']);
    expect(floats([123456.789])).toEqual(['123456.789']);
    expect(floats([Math.fround(1 / 3)], 32)).toEqual(['0.33333334']);
  });

  it('pads a fixed-notation array to common widths', () => {
    expect(floats([0.5, -1.25, 3])).toEqual([' 0.5 ', '-1.25', ' 3.  ']);
  });

  it('switches the whole array to scientific notation when one value needs it', () => {
    expect(floats([0.5, 2, 1e20], 32)).toEqual(['5.e-01', '2.e+00', '1.e+20']);
  });

  it('cuts unique digits at 8 decimals (0.1 + 0.2 prints 0.3)', () => {
    expect(floats([0.1 + 0.2])).toEqual(['0.3']);
    expect(floats([1 / 3])).toEqual(['0.33333333']);
  });

  it('prints every integer digit in fixed notation (float16 65504)', () => {
    expect(floats([-65504], 16)).toEqual(['-65504.']);
  });

  it('aligns nan and inf with the finite values', () => {
    expect(floats([1.5, NaN, -Infinity])).toEqual([' 1.5', ' nan', '-inf']);
  });
});

describe('numpyArrayStr', () => {
  it('prints a 1-D float array', () => {
    expect(numpyArrayStr([3], floats([0.5, -1.25, 3]))).toBe('[ 0.5  -1.25  3.  ]');
  });

  it('prints a 2-D int array with a newline and a hanging indent', () => {
    const values = [1n, -2n, 30n, 4n];
    expect(numpyArrayStr([2, 2], values.map(numpyIntFormatter(values)))).toBe('[[ 1 -2]\n [30  4]]');
  });

  it('wraps long rows at 75 characters', () => {
    const values = Array.from({ length: 30 }, (_, i) => BigInt(i * 1000));
    const text = numpyArrayStr([30], values.map(numpyIntFormatter(values)));
    const lines = text.split('\n');
    expect(lines.length).toBeGreaterThan(1);
    for (const line of lines) expect(line.length).toBeLessThanOrEqual(75);
    expect(lines[0].startsWith('[    0  1000')).toBe(true);
    expect(lines[1].startsWith(' ')).toBe(true);
  });

  it('prints bools aligned, except in 0-d arrays', () => {
    expect(numpyArrayStr([2], [true, false].map(numpyBoolFormatter(false)))).toBe('[ True False]');
    expect(numpyBoolFormatter(true)(true)).toBe('True');
  });
});

describe('numpySubArrayText', () => {
  it('joins subarray fields with commas', () => {
    expect(numpySubArrayText([3], floats([0.5, 2, 1e20], 32))).toBe('[5.e-01, 2.e+00, 1.e+20]');
    expect(numpySubArrayText([2, 2], ['1', '2', '3', '4'])).toBe('[[1, 2], [3, 4]]');
  });
});

describe('rounding at the 8-decimal cut-off', () => {
  it('rounds an exact tie to the even digit, as Dragon4 does', () => {
    // 2^-9 = 0.001953125 exactly: the 9th decimal is an exact 5 → 0.00195312 (2 is even).
    expect(floats([2 ** -9, 1])[0]).toBe('0.00195312');
    // 3 × 2^-9 = 0.005859375 → 0.00585938 (7 is odd, rounds up to 8).
    expect(floats([3 * 2 ** -9, 1])[0]).toBe('0.00585938');
  });

  // The cases below are numpy 1.24.2's output on this stack (Debian python3-numpy), where the
  // formatter differed before; a differential run over ~17,000 random arrays (float64, float32,
  // float16; positional and scientific, exact and near ties) then found no difference.
  it('rounds a value whose shortest repr only ends in 5 by its exact binary value (no tie)', () => {
    // 0.725696325 is stored as 0.72569632500000004…: above the tie, so up to …33.
    expect(numpyArrayStr([1], floats([0.725696325]))).toBe('[0.72569633]');
    expect(numpyArrayStr([1], floats([0.327620805]))).toBe('[0.32762081]');
  });

  it('gives a float32 element with fewer unique digits the further digits of its exact value in scientific notation (min_digits)', () => {
    const values = [-414214.25, -1.2071130206514624e-10, 0.0008934396901167929].map(Math.fround);
    expect(numpyArrayStr([3], floats(values, 32))).toBe('[-4.1421425e+05 -1.2071130e-10  8.9343969e-04]');
    const more = [33418.46875, -462587616, 9.655712644371373e-13, -14417137664].map(Math.fround);
    expect(numpyArrayStr([4], floats(more, 32))).toBe('[ 3.3418469e+04 -4.6258762e+08  9.6557126e-13 -1.4417138e+10]');
  });

  it('decides scientific notation on max/min computed in the array type (float32 10 / 0.01 is exactly 1000)', () => {
    expect(numpyArrayStr([2], floats([Math.fround(-0.01), 10], 32))).toBe('[-0.01 10.  ]');
    // The same two values as float64: 1000.0000224 > 1000.
    expect(numpyArrayStr([2], floats([Math.fround(-0.01), 10]))).toBe('[-9.99999978e-03  1.00000000e+01]');
  });
});
