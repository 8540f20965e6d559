import { readFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { parseHexFloat } from '../test-support/parseHexFloat';
import { pythonFloat32Repr, pythonFloatRepr } from '../python-format/pythonFloatRepr';
import { numpyRoundFloatsInPlace, rint } from './numpyRound';
import { halfBitsToNumber, numberToHalfBits } from './float16';
import { legacyUnicodeWidth } from './scalarText';
import { numpyDtype } from './numpyDtype';
import { unicodeWidth, utf32Pack } from './utf32Pack';

const fixtures = path.resolve(__dirname, '../../../../../shared/fixtures');
interface Row {
  x: string;
  x_repr: string;
  [k: string]: string;
}
const table = JSON.parse(readFileSync(path.join(fixtures, 'hasher/rounding_table.json'), 'utf8')) as {
  float64: Row[];
  float32: Row[];
  astype_str_dtype_by_input_dtype: Record<string, string>;
  astype_str_examples: Record<string, string[]>;
};
const DECIMALS = [1, 2, 4, 6];

function round64(x: number, d: number): number {
  const a = new Float64Array([x]);
  numpyRoundFloatsInPlace(new Uint8Array(a.buffer), 8, d);
  return a[0];
}
function round32(x: number, d: number): number {
  const a = new Float32Array([x]);
  numpyRoundFloatsInPlace(new Uint8Array(a.buffer), 4, d);
  return a[0];
}

describe('numpy round emulation vs hasher/rounding_table.json', () => {
  it('has rows for both dtypes', () => {
    expect(table.float64.length).toBeGreaterThan(10);
    expect(table.float32.length).toBeGreaterThan(10);
  });
  it.each(table.float64.map((r) => [r.x_repr, r] as const))('float64 %s', (_repr, row) => {
    const x = parseHexFloat(row.x);
    expect(pythonFloatRepr(x)).toBe(row.x_repr);
    for (const d of DECIMALS) {
      expect(Object.is(round64(x, d), parseHexFloat(row[`round${d}`]))).toBe(true);
      if (row[`round${d}_repr`] !== undefined) expect(pythonFloatRepr(round64(x, d))).toBe(row[`round${d}_repr`]);
    }
  });
  it.each(table.float32.map((r, i) => [`${i}:${r.x_repr}`, r] as const))('float32 %s', (_repr, row) => {
    const x = parseHexFloat(row.x);
    expect(pythonFloat32Repr(x)).toBe(row.x_repr);
    for (const d of DECIMALS) expect(Object.is(round32(x, d), parseHexFloat(row[`round${d}`]))).toBe(true);
  });
});

describe('numpy round properties', () => {
  it('rint is half-to-even and sign-preserving', () => {
    expect([0.5, 1.5, 2.5, -0.5, -1.5, -2.5, -0.4, 0.49999999999999994].map(rint)).toEqual([0, 2, 2, -0, -2, -2, -0, 0]);
    expect(Object.is(rint(-0.4), -0)).toBe(true);
    fc.assert(
      fc.property(fc.double({ noNaN: true, min: -1e15, max: 1e15 }), (y) => {
        const r = rint(y);
        expect(Number.isInteger(r)).toBe(true);
        expect(Math.abs(r - y)).toBeLessThanOrEqual(0.5);
        if (Math.abs(r - y) === 0.5) expect(r % 2 === 0).toBe(true);
      }),
    );
  });
  it('float64 rounding is idempotent and overflows like numpy', () => {
    expect(round64(1e305, 4)).toBe(Infinity);
    expect(Object.is(round64(-0.05, 1), -0)).toBe(true);
    fc.assert(
      fc.property(fc.double({ noNaN: true, min: -1e9, max: 1e9 }), fc.constantFrom(...DECIMALS), (x, d) => {
        const once = round64(x, d);
        expect(Object.is(round64(once, d), once)).toBe(true);
      }),
    );
  });
  it('float32 results stay float32 values', () => {
    fc.assert(
      fc.property(fc.float({ noNaN: true, noDefaultInfinity: true }), fc.constantFrom(...DECIMALS), (x, d) => {
        const r = round32(x, d);
        expect(Object.is(Math.fround(r), r)).toBe(true);
      }),
    );
  });
  it('float16 bits round-trip', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 0xffff }), (bits) => {
        const x = halfBitsToNumber(bits);
        if (!Number.isNaN(x)) expect(numberToHalfBits(x)).toBe(bits);
      }),
    );
  });
});

describe('numpy astype(str) emulation', () => {
  const meta = (type: number, size: number, signed: boolean) =>
    ({ type, size, signed, littleEndian: true, vlen: false, shape: [1], maxshape: [1], chunks: null, total_size: 1 }) as never;
  it.each(Object.entries(table.astype_str_dtype_by_input_dtype))('legacy width of %s is %s', (code, expected) => {
    const m = /^([<>]?)([a-z]+)(\d*)$/.exec(code) as RegExpExecArray;
    const letter = m[2];
    const size = letter === 'bool' ? 1 : Number(m[3]);
    const dtype =
      letter === 'bool'
        ? numpyDtype({ ...(meta(8, 1, true) as object), enum_type: { type: 0, nmembers: 2, members: { FALSE: 0, TRUE: 1 } } } as never)
        : numpyDtype({ ...(meta(letter === 'f' ? 1 : 0, size, letter === 'i') as object), littleEndian: m[1] !== '>' } as never);
    expect(`<U${legacyUnicodeWidth(dtype)}`).toBe(expected);
  });
  it('packs UTF-32LE with NUL padding to the widest element', () => {
    const texts = ['a', 'bcd', 'é', '😀'];
    const width = unicodeWidth(texts);
    expect(width).toBe(3);
    const bytes = utf32Pack(texts, width);
    expect(bytes.length).toBe(4 * 3 * 4);
    expect(Buffer.from(bytes.subarray(0, 12)).toString('hex')).toBe('610000000000000000000000');
    expect(new DataView(bytes.buffer).getUint32(36, true)).toBe(0x1f600);
    expect(unicodeWidth([])).toBe(1);
  });
  it('formats the numpy astype(str) examples', () => {
    const f64 = table.astype_str_examples.float64;
    for (const t of f64) expect(pythonFloatRepr(Number(t === 'nan' ? NaN : t === 'inf' ? Infinity : t))).toBe(t);
    for (const t of table.astype_str_examples.float32) expect(pythonFloat32Repr(Math.fround(Number(t)))).toBe(t);
  });
});

describe('numpy round keeps quiet NaNs and infinities bit-exact', () => {
  it.each([8, 4] as const)('float%s quiet NaN payload/sign and infinities are untouched', (itemsize) => {
    const bytes = new Uint8Array(itemsize * 3);
    const view = new DataView(bytes.buffer);
    if (itemsize === 8) {
      view.setBigUint64(0, 0xfff8000000000001n, true); // negative NaN with payload
      view.setFloat64(8, Infinity, true);
      view.setFloat64(16, -Infinity, true);
    } else {
      view.setUint32(0, 0xffc00001, true);
      view.setFloat32(4, Infinity, true);
      view.setFloat32(8, -Infinity, true);
    }
    const before = Buffer.from(bytes).toString('hex');
    numpyRoundFloatsInPlace(bytes, itemsize, 4);
    expect(Buffer.from(bytes).toString('hex')).toBe(before);
  });
});
