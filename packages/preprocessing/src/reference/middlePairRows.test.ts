import { batcherComparators, compileRowMedian, middlePairRows, planMiddlePair } from './middlePairRows';
import { medianFloat64 } from './medianFloat64';
import { medianInt16 } from './medianInt16';

describe('batcherComparators', () => {
  it('sorts every 0/1 input of 8 and 16 wires (0-1 principle)', () => {
    for (const n of [8, 16]) {
      const pairs = batcherComparators(n);
      for (let bits = 0; bits < 1 << n; bits += n === 16 ? 7 : 1) {
        const v = Array.from({ length: n }, (_, i) => (bits >> i) & 1);
        for (const [i, j] of pairs) if (v[i] > v[j]) [v[i], v[j]] = [v[j], v[i]];
        expect(v.every((x, i) => i === 0 || v[i - 1] <= x)).toBe(true);
      }
    }
  });
});

describe('middlePairRows', () => {
  it('agrees with a full sort for 1..40 channels, extreme and tied int16 values, ragged tiles', () => {
    let seed = 11;
    const rnd = (): number => (seed = (seed * 16807) % 2147483647) / 2147483647;
    for (let k = 1; k <= 40; k++) {
      const nColumns = k + 3;
      const columns = Array.from({ length: k }, (_, j) => (j * 7 + 2) % nColumns).filter((c, i, a) => a.indexOf(c) === i);
      while (columns.length < k) for (let c = 0; c < nColumns && columns.length < k; c++) if (!columns.includes(c)) columns.push(c);
      const rows = 300 + k;
      const raw = new Int16Array(rows * nColumns);
      for (let i = 0; i < raw.length; i++) {
        const mode = ((i / nColumns) % 3) | 0;
        raw[i] = mode === 0 ? Math.floor(rnd() * 65536) - 32768 : mode === 1 ? Math.floor(rnd() * 3) - 1 : rnd() < 0.5 ? -32768 : 32767;
      }
      const lower = new Float64Array(rows);
      const upper = new Float64Array(rows);
      middlePairRows(raw, nColumns, columns, planMiddlePair(k), lower, upper);
      for (let r = 0; r < rows; r++) {
        const sorted = columns.map((c) => raw[r * nColumns + c]).sort((x, y) => x - y);
        const lo = k % 2 ? sorted[k >> 1] : sorted[k / 2 - 1];
        expect([lower[r], upper[r]]).toEqual([lo, sorted[k >> 1]]);
      }
    }
  });
});

describe('compileRowMedian', () => {
  it('gives numpy medians (int16 even-count wrap, float64 mean) for 1..64 channels', () => {
    let seed = 5;
    const rnd = (): number => (seed = (seed * 16807) % 2147483647) / 2147483647;
    for (let k = 1; k <= 64; k++) {
      const nColumns = k + 1;
      const columns = Int32Array.from({ length: k }, (_, j) => nColumns - 1 - j);
      const rows = 50;
      const raw = Int16Array.from({ length: rows * nColumns }, (_, i) => {
        const mode = ((i / nColumns) % 3) | 0;
        return mode === 0 ? Math.floor(rnd() * 65536) - 32768 : mode === 1 ? Math.floor(rnd() * 3) - 1 : rnd() < 0.5 ? 20000 : 32767;
      });
      const int16 = new Float64Array(rows);
      const float64 = new Float64Array(rows);
      compileRowMedian(k, 'int16')(raw, nColumns, columns, int16);
      compileRowMedian(k, 'float64')(raw, nColumns, columns, float64);
      for (let r = 0; r < rows; r++) {
        const values = Array.from(columns, (c) => raw[r * nColumns + c]);
        expect(int16[r]).toBe(medianInt16(values));
        expect(float64[r]).toBe(medianFloat64(Float64Array.from(values)));
      }
    }
  });
});
