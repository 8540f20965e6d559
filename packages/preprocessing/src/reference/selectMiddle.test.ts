import { selectMiddle } from './selectMiddle';

describe('selectMiddle', () => {
  it('agrees with a full sort on random rows, ties and odd/even lengths', () => {
    let seed = 7;
    const rnd = (): number => (seed = (seed * 16807) % 2147483647) / 2147483647;
    for (let trial = 0; trial < 2000; trial++) {
      const n = 1 + Math.floor(rnd() * 40);
      const spread = trial % 3 === 0 ? 3 : 65535;
      const a = Float64Array.from({ length: n }, () => Math.floor(rnd() * spread) - (spread >> 1));
      const sorted = Array.from(a).sort((x, y) => x - y);
      const expected = n % 2 ? [sorted[n >> 1], sorted[n >> 1]] : [sorted[n / 2 - 1], sorted[n / 2]];
      const out = new Float64Array(2);
      selectMiddle(a, n, out);
      expect(Array.from(out)).toEqual(expected);
    }
  });
});
