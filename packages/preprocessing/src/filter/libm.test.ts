import { cos, csqrt, fma, hypot, powInt, sin, svmlTan, tan } from './libm';

describe('filter-design libm stand-ins', () => {
  it('fma rounds once (differs from a*b + c exactly where the product is inexact)', () => {
    const a = 1 + 2 ** -30;
    // a*a = 1 + 2^-29 + 2^-60: the plain product loses 2^-60, fma keeps it
    expect(fma(a, a, -1)).toBe(2 ** -29 + 2 ** -60);
    expect(a * a - 1).toBe(2 ** -29);
    expect(fma(2, 3, 1)).toBe(7);
    expect(fma(-1e308, 10, 1e308)).toBe(-Infinity);
  });

  it('tan/sin/cos/pow are within an ulp of the platform functions and hypot/csqrt are consistent', () => {
    for (let i = 1; i < 200; i++) {
      const x = i / 127;
      expect(Math.abs(tan(x) - Math.tan(x))).toBeLessThanOrEqual(2 * Number.EPSILON * Math.abs(Math.tan(x)));
      expect(Math.abs(svmlTan(x) - Math.tan(x))).toBeLessThanOrEqual(4 * Number.EPSILON * Math.abs(Math.tan(x)));
      expect(Math.abs(sin(x) - Math.sin(x))).toBeLessThanOrEqual(2 * Number.EPSILON);
      expect(Math.abs(cos(x) - Math.cos(x))).toBeLessThanOrEqual(2 * Number.EPSILON);
      expect(Math.abs(powInt(x, 5) - x ** 5)).toBeLessThanOrEqual(4 * Number.EPSILON * x ** 5);
      expect(hypot(3 * x, 4 * x)).toBeCloseTo(5 * x, 14);
      const [re, im] = csqrt(-x, x / 3);
      expect(re * re - im * im).toBeCloseTo(-x, 12);
      expect(2 * re * im).toBeCloseTo(x / 3, 12);
    }
    // the SVML tan covers the pi/2 neighbourhood through its -DBL_MAX table entry
    expect(svmlTan(1.5)).toBeCloseTo(Math.tan(1.5), 12);
  });
});
