import { isRecomputeError } from '@spyglass-recompute/errors';
import { designButterBandpass } from './designButterBandpass';
import { sosfiltfilt, sosfiltfiltPadlen } from './sosfiltfilt';
import { sosfiltZi } from './sosfiltZi';

const sos = designButterBandpass(29959.314285714285);
const zi = sosfiltZi(sos);

describe('sosfiltfilt', () => {
  it('uses scipy padlen 3 * ntaps = 33 for the 5-section band-pass', () => {
    expect(sosfiltfiltPadlen(sos)).toBe(33);
  });

  it('treats int16 and float64 input alike when the odd extension does not wrap', () => {
    const n = 200;
    const i16 = new Int16Array(n * 2).map((_, i) => Math.round(1000 * Math.sin(i / 7)));
    const f64 = Float64Array.from(i16);
    expect(sosfiltfilt(sos, i16, 2, { zi })).toEqual(sosfiltfilt(sos, f64, 2, { zi }));
  });

  it('computes the int16 odd extension 2*x[0] - x[i] with int16 wrap-around (scipy on int16 input)', () => {
    const n = 100;
    const x = new Int16Array(n).map((_, i) => (i === 0 ? 30000 : i < 40 ? -20000 : 100));
    // 2*30000 - (-20000) = 80000 wraps to 14464 in int16; build that extension by hand in float64
    const padlen = 33;
    const manual = new Float64Array(n + 2 * padlen);
    const wrap = (v: number): number => ((v + 32768) & 0xffff) - 32768;
    for (let i = 0; i < n; i++) manual[padlen + i] = x[i];
    for (let i = 1; i <= padlen; i++) {
      manual[padlen - i] = wrap(2 * x[0] - x[i]);
      manual[padlen + n - 1 + i] = wrap(2 * x[n - 1] - x[n - 1 - i]);
    }
    // forward/backward over the hand-built extension, written out independently
    const run = (sig: Float64Array, from: number, to: number, step: number, x0: number): void => {
      const st = zi.map((z) => z * x0);
      for (let k = from; k !== to; k += step) {
        let xc = sig[k];
        for (let s = 0; s < 5; s++) {
          const o = s * 6;
          const v = sos[o] * xc + st[s * 2];
          st[s * 2] = sos[o + 1] * xc - sos[o + 4] * v + st[s * 2 + 1];
          st[s * 2 + 1] = sos[o + 2] * xc - sos[o + 5] * v;
          xc = v;
        }
        sig[k] = xc;
      }
    };
    run(manual, 0, manual.length, 1, manual[0]);
    run(manual, manual.length - 1, -1, -1, manual[manual.length - 1]);
    const expected = manual.subarray(padlen, padlen + n);
    const viaInt16 = sosfiltfilt(sos, x, 1, { zi });
    expect(viaInt16).toEqual(Float64Array.from(expected));
    // float64 input does not wrap (80000 there), so it differs
    expect(sosfiltfilt(sos, Float64Array.from(x), 1, { zi })).not.toEqual(viaInt16);
  });

  it('refuses chunks not longer than padlen (SEGMENT_TOO_SHORT), accepts padlen + 1', () => {
    expect.assertions(3);
    expect(sosfiltfilt(sos, new Float64Array(34), 1, { zi })).toHaveLength(34);
    try {
      sosfiltfilt(sos, new Float64Array(33), 1, { zi });
    } catch (e) {
      expect(isRecomputeError(e) && e.code).toBe('SEGMENT_TOO_SHORT');
      expect((e as Error).message).toMatch(/too short to filter/);
    }
  });

  it('writes into a caller buffer and leaves a constant signal at zero (band-pass kills DC)', () => {
    const x = new Float64Array(500).fill(7);
    const out = new Float64Array(500);
    sosfiltfilt(sos, x, 1, { zi }, out);
    expect(Math.max(...Array.from(out, Math.abs))).toBeLessThan(1e-9);
  });
});

describe('sosfiltZi', () => {
  it('is the steady state: a unit step started from zi stays at the DC gain', () => {
    const y = new Float64Array(50).fill(1);
    // run the cascade directly with state = zi (x0 = 1)
    const state = Float64Array.from(zi);
    for (let n = 0; n < y.length; n++) {
      let xc = y[n];
      for (let s = 0; s < 5; s++) {
        const o = s * 6;
        const v = sos[o] * xc + state[s * 2];
        state[s * 2] = sos[o + 1] * xc - sos[o + 4] * v + state[s * 2 + 1];
        state[s * 2 + 1] = sos[o + 2] * xc - sos[o + 5] * v;
        xc = v;
      }
      y[n] = xc;
    }
    for (const v of y) expect(Math.abs(v)).toBeLessThan(1e-12);
  });
});
