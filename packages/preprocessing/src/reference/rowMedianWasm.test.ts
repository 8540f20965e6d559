import { medianFloat64 } from './medianFloat64';
import { medianInt16 } from './medianInt16';
import { wasmRowMedian } from './rowMedianWasm';

describe('wasmRowMedian (i16x8 sorting network)', () => {
  it('gives numpy medians (int16 even-count wrap, float64 mean) for 1..64 channels, extreme and tied values, partial 8-row blocks', () => {
    let seed = 17;
    const rnd = (): number => (seed = (seed * 16807) % 2147483647) / 2147483647;
    for (let k = 1; k <= 64; k++) {
      const nColumns = k + 2;
      // columns out of order, skipping two: the kernel reads them through its offset table
      const columns = Int32Array.from({ length: k }, (_, j) => nColumns - 1 - j);
      const rows = 8 * 6 + (k % 8);
      const raw = Int16Array.from({ length: rows * nColumns }, (_, i) => {
        const mode = ((i / nColumns) % 4) | 0;
        if (mode === 0) return Math.floor(rnd() * 65536) - 32768;
        if (mode === 1) return Math.floor(rnd() * 3) - 1;
        if (mode === 2) return rnd() < 0.5 ? -32768 : 32767;
        return rnd() < 0.5 ? 20000 : 32767; // even counts: the int16 sum wraps
      });
      const int16 = new Float64Array(rows);
      const float64 = new Float64Array(rows);
      wasmRowMedian(k, 'int16')(raw, nColumns, columns, int16);
      wasmRowMedian(k, 'float64')(raw, nColumns, columns, float64);
      for (let r = 0; r < rows; r++) {
        const values = Array.from(columns, (c) => raw[r * nColumns + c]);
        // == rather than toBe: the JS reference returns -0 for trunc(-1 / 2), numpy's int16 0
        expect(int16[r] === medianInt16(values)).toBe(true);
        expect(float64[r]).toBe(medianFloat64(Float64Array.from(values)));
      }
    }
  });
});
