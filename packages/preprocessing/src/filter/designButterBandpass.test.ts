import { isRecomputeError } from '@spyglass-recompute/errors';
import { designButterBandpass } from './designButterBandpass';
import { fromPythonHex, golden } from '../test-support/fixtures';

describe('designButterBandpass', () => {
  it.each(['short', 'long'] as const)('reproduces scipy iirfilter sos bit for bit (%s fixture)', (variant) => {
    const g = golden(variant);
    const fs = Number(g.sampling_frequency_from_median_diff);
    const sos = designButterBandpass(fs, { frequencyMin: g.preproc_params.frequency_min, frequencyMax: g.preproc_params.frequency_max });
    const expected = (g.filter.sos_hex as string[][]).flat().map(fromPythonHex);
    expect(Array.from(sos)).toEqual(expected);
    expect(sos.every((v, i) => Object.is(v, expected[i]))).toBe(true);
  });

  it('rejects freq_max at or above Nyquist with FILTER_FREQ_ABOVE_NYQUIST', () => {
    expect.assertions(3);
    try {
      designButterBandpass(10000, { frequencyMin: 300, frequencyMax: 5000 });
    } catch (e) {
      expect(isRecomputeError(e)).toBe(true);
      expect((e as { code: string }).code).toBe('FILTER_FREQ_ABOVE_NYQUIST');
      expect((e as Error).message).toMatch(
        /^--frequency-max 5000 Hz is not below the Nyquist frequency 5000 Hz .*Lower --frequency-max below 5000/,
      );
    }
  });

  it('rejects inverted band edges', () => {
    expect(() => designButterBandpass(30000, { frequencyMin: 6000, frequencyMax: 300 })).toThrow(/frequency_min < frequency_max/);
  });

  it('gives a unity-gain centre band (sanity of the design, not of the bits)', () => {
    const sos = designButterBandpass(30000);
    // |H(e^{jw})| at 1.5 kHz
    const w = (2 * Math.PI * 1500) / 30000;
    let re = 1;
    let im = 0;
    for (let s = 0; s < 5; s++) {
      const b = sos.subarray(s * 6, s * 6 + 3);
      const a = sos.subarray(s * 6 + 3, s * 6 + 6);
      const num = [b[0] + b[1] * Math.cos(w) + b[2] * Math.cos(2 * w), -b[1] * Math.sin(w) - b[2] * Math.sin(2 * w)];
      const den = [a[0] + a[1] * Math.cos(w) + a[2] * Math.cos(2 * w), -a[1] * Math.sin(w) - a[2] * Math.sin(2 * w)];
      const d2 = den[0] ** 2 + den[1] ** 2;
      const h = [(num[0] * den[0] + num[1] * den[1]) / d2, (num[1] * den[0] - num[0] * den[1]) / d2];
      [re, im] = [re * h[0] - im * h[1], re * h[1] + im * h[0]];
    }
    expect(Math.hypot(re, im)).toBeCloseTo(1, 3);
  });
});
