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
});
