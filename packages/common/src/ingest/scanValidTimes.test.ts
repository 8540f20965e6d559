import { rawValidTimes } from '@spyglass-recompute/preprocessing';
import { scanValidTimes } from './scanValidTimes';

/** Deterministic epoch-like timestamps at 30 kHz with gaps (and single-sample islands) at given samples. */
function timestampsWithGaps(n: number, gapsAt: number[]): Float64Array {
  const t = new Float64Array(n);
  let offset = 1_687_429_800;
  for (let i = 0; i < n; i++) {
    if (gapsAt.includes(i)) offset += 0.01 + i * 1e-6;
    t[i] = offset + i / 30000;
  }
  return t;
}

describe('scanValidTimes', () => {
  const cases: Array<[string, number, number[]]> = [
    ['no gap', 1000, []],
    ['one gap', 1000, [400]],
    ['gap at a batch edge', 1000, [128, 256]],
    ['single-sample island (dropped: zero length at epoch magnitude)', 1000, [300, 301]],
    ['gap after the first sample and before the last', 1000, [1, 999]],
  ];
  it.each(cases)('%s: equals rawValidTimes for every batch size', (_name, n, gaps) => {
    const t = timestampsWithGaps(n, gaps);
    const expected = rawValidTimes(t, 30000, false);
    for (const batchRows of [1, 7, 128, 1000, 4096]) {
      expect(scanValidTimes((s, e) => t.slice(s, e), n, 30000, { batchRows })).toEqual(expected);
    }
  });

  it('honours gapProportion and minValidLength like rawValidTimes', () => {
    const t = timestampsWithGaps(600, [200, 400]);
    const options = { gapProportion: 3, minValidLength: 0.005 };
    expect(scanValidTimes((s, e) => t.slice(s, e), 600, 30000, { ...options, batchRows: 50 })).toEqual(
      rawValidTimes(t, 30000, false, options),
    );
  });

  it('returns no pieces for no samples', () => {
    expect(scanValidTimes(() => new Float64Array(0), 0, 30000)).toEqual([]);
  });
});
