import { readFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { parseHexFloat } from '../test-support/parseHexFloat';
import { FloatRounder } from './FloatRounder';
import { numpyRoundFloatsInPlace } from './numpyRound';

const fixtures = path.resolve(__dirname, '../../../../../shared/fixtures');
const table = JSON.parse(readFileSync(path.join(fixtures, 'hasher/rounding_table.json'), 'utf8')) as {
  float64: Record<string, string>[];
  float32: Record<string, string>[];
};

const rounder = FloatRounder.create();
const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');

/** The SIMD rounder's and the scalar reference's output on the same bytes. */
function bothWays(bytes: Uint8Array, itemsize: 2 | 4 | 8, decimals: number): [string, string] {
  const simd = bytes.slice();
  const scalar = bytes.slice();
  rounder.roundInPlace(simd, itemsize, decimals);
  numpyRoundFloatsInPlace(scalar, itemsize, decimals);
  return [hex(simd), hex(scalar)];
}

describe('FloatRounder (SIMD np.round) is bit-identical to the scalar reference', () => {
  it.each([8, 4] as const)('on hasher/rounding_table.json (itemsize %i), in one vector run', (itemsize) => {
    const rows = itemsize === 8 ? table.float64 : table.float32;
    const values = rows.map((r) => parseHexFloat(r.x));
    const bytes = new Uint8Array((itemsize === 8 ? Float64Array.from(values) : Float32Array.from(values)).buffer);
    for (const d of [1, 2, 4, 6]) {
      const rounded = bytes.slice();
      rounder.roundInPlace(rounded, itemsize, d);
      const out = itemsize === 8 ? new Float64Array(rounded.buffer) : new Float32Array(rounded.buffer);
      rows.forEach((row, i) =>
        expect({ x: row.x, d, same: Object.is(out[i], parseHexFloat(row[`round${d}`])) }).toEqual({ x: row.x, d, same: true }),
      );
    }
  });

  it('keeps ties-to-even, signed zeros, infinities, overflow (also 10**d = inf) and NaN payloads (signalling ones quieted)', () => {
    const specials = [
      0.5,
      1.5,
      2.5,
      -0.5,
      -2.5,
      -0.4,
      -0,
      0,
      0.00005,
      0.00015,
      -0.00025,
      1e300,
      -1e305,
      Infinity,
      -Infinity,
      5e-324,
      4503599627370497,
      2 ** 53 + 2,
    ];
    const bytes = new Uint8Array(8 * (specials.length + 2));
    const view = new DataView(bytes.buffer);
    specials.forEach((x, i) => view.setFloat64(8 * i, x, true));
    view.setBigUint64(8 * specials.length, 0xfff8000000000001n, true); // negative quiet NaN with payload
    view.setBigUint64(8 * specials.length + 8, 0x7ff0000000000001n, true); // signalling NaN
    for (const d of [0, 1, 4, 10, 308, 309, 400]) {
      const [simd, scalar] = bothWays(bytes, 8, d);
      expect(simd).toBe(scalar);
    }
    // numpy quiets the signalling NaN (sign and payload kept); the quiet one is unchanged.
    const nanTail = bytes.slice(8 * specials.length);
    rounder.roundInPlace(nanTail, 8, 4);
    const quieted = new Uint8Array(16);
    new DataView(quieted.buffer).setBigUint64(0, 0xfff8000000000001n, true);
    new DataView(quieted.buffer).setBigUint64(8, 0x7ff8000000000001n, true);
    expect(hex(nanTail)).toBe(hex(quieted));
  });

  it.each([8, 4, 2] as const)('on arbitrary bit patterns, lengths and offsets (itemsize %i)', (itemsize) => {
    fc.assert(
      fc.property(
        // size 'max': fast-check's default size caps arrays near 10 bytes, under one 16-byte
        // vector, so only the scalar tail ran; noBias: its small-value bias makes subnormal
        // floats, which round to zero on any path.
        fc.noBias(fc.uint8Array({ minLength: 0, maxLength: 600, size: 'max' })),
        fc.integer({ min: 0, max: 12 }),
        fc.integer({ min: 0, max: 7 }),
        (raw, decimals, offset) => {
          const usable = raw.length - (raw.length % itemsize);
          // An unaligned view into a bigger buffer: the rounder must not assume alignment.
          const host = new Uint8Array(offset + usable);
          host.set(raw.subarray(0, usable), offset);
          const view = host.subarray(offset);
          const [simd, scalar] = bothWays(view, itemsize, decimals);
          expect(simd).toBe(scalar);
        },
      ),
      { numRuns: 300 },
    );
  });

  it.each([8, 4] as const)('on realistic values across its 1 MiB window boundaries (itemsize %i)', (itemsize) => {
    const n = Math.floor((2.5 * 1024 * 1024) / itemsize) + 3;
    const values = itemsize === 8 ? new Float64Array(n) : new Float32Array(n);
    let state = 7;
    for (let i = 0; i < n; i += 1) {
      state = (Math.imul(state, 1103515245) + 12345) >>> 0;
      // traces in volts and epoch timestamps, with exact ties sprinkled in
      values[i] = i % 97 === 0 ? (state % 1000) + 0.5 : i % 2 ? (state / 2 ** 32 - 0.5) * 1e-3 : 1687429800 + i / 30000;
    }
    const [simd, scalar] = bothWays(new Uint8Array(values.buffer), itemsize, 4);
    expect(simd === scalar).toBe(true);
  });

  it('rounds float16 as numpy does, never through the float32 kernel', () => {
    // 1.0009765625 (0x3c01) is 1 + 2**-10: float16 rounding to 2 decimals keeps 1, a float32
    // lane over the two halves (0x3c013c01 ≈ 0.0079) would round to 0.01.
    const halves = new Uint16Array(16).fill(0x3c01);
    const bytes = new Uint8Array(halves.buffer);
    rounder.roundInPlace(bytes, 2, 2);
    expect([...new Uint16Array(bytes.buffer)]).toEqual(new Array(16).fill(0x3c00));
  });

  it('rejects a negative or fractional number of decimals, naming the value', () => {
    expect(() => rounder.roundInPlace(new Uint8Array(16), 8, -1)).toThrow(
      new RangeError('decimals must be a non-negative integer, got -1'),
    );
    expect(() => rounder.roundInPlace(new Uint8Array(16), 8, 1.5)).toThrow(
      new RangeError('decimals must be a non-negative integer, got 1.5'),
    );
  });
});
