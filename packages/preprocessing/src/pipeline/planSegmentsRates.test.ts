import { planSegments } from './planPreprocessing';

// Every fixture's sampling rate gives 10·fs and 5·fs/1000 with a fraction below .5, where
// Python's int() and rounding agree. At a rate where they differ, the plan must still truncate
// (spikeinterface: `int(10.0 * fs)` chunks for v0, `int(margin_ms * fs / 1000)` margins).
describe('planSegments at non-integer sampling rates (fractions of .5 or more)', () => {
  // One biquad section with b2 = a2 = 1: padlen 9, far below any chunk here.
  const sos = Float64Array.from([1, 0, 1, 1, 0, 1]);

  it('v0: chunks of int(10·fs) samples and margins of int(5·fs/1000), not rounded', () => {
    const fs = 29999.97; // 10·fs = 299999.7, 5·fs/1000 = 149.99985
    const { margin, segments } = planSegments([{ start: 1000, end: 1000 + 650_000 }], {
      style: 'v0',
      samplingFrequency: fs,
      nChannels: 4,
      sos,
    });
    expect(margin).toBe(149);
    expect(segments).toHaveLength(1);
    expect(segments[0]!.calls.map(({ start, end }) => [start, end])).toEqual([
      [0, 299_999],
      [299_999, 599_998],
      [599_998, 650_000],
    ]);
    expect(segments[0]!.calls.map(({ leftMargin, rightMargin }) => [leftMargin, rightMargin])).toEqual([
      [0, 149],
      [149, 149],
      [149, 0],
    ]);
  });

  it('margin at a rate whose 5·fs/1000 is exactly n + .5 (30100 Hz → 150, not 151)', () => {
    const { margin } = planSegments([{ start: 0, end: 400_000 }], { style: 'v0', samplingFrequency: 30_100, nChannels: 1, sos });
    expect(margin).toBe(150);
  });
});
