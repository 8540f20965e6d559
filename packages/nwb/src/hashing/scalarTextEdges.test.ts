import { H5T, type H5Metadata } from '../h5/H5Reader';
import { numpyDtype, type NumpyDtype } from './numpyDtype';
import {
  complexScalarText,
  decodeUtf8Replace,
  decodeUtf8SurrogateEscape,
  fixedStringItem,
  legacyUnicodeWidth,
  numpyElementTexts,
  numpyScalarText,
  pythonBytesRepr,
  referenceRepr,
  referenceTexts,
  StringPad,
  stripTrailingNuls,
} from './scalarText';

// Expected texts are Python 3 / numpy output (`bytes.decode(..., 'surrogateescape')`, `repr(bytes)`,
// `str(np.<type>(x))`, `np.zeros(1, t).astype(str).dtype`).
const bytes = (...b: number[]): Uint8Array => Uint8Array.from(b);
const text = (b: Uint8Array): string => Buffer.from(b).toString('latin1');
const meta = (m: Partial<H5Metadata>): H5Metadata =>
  ({ signed: false, vlen: false, littleEndian: true, shape: [], total_size: 1, ...m }) as H5Metadata;
const int = (size: number, signed: boolean): NumpyDtype => numpyDtype(meta({ type: H5T.integer, size, signed }));
const float = (size: number): NumpyDtype => numpyDtype(meta({ type: H5T.float, size }));
const complex = (half: number): NumpyDtype =>
  numpyDtype(
    meta({
      type: H5T.compound,
      size: 2 * half,
      compound_type: {
        nmembers: 2,
        members: [
          { ...meta({ type: H5T.float, size: half }), name: 'r', offset: 0 },
          { ...meta({ type: H5T.float, size: half }), name: 'i', offset: half },
        ],
      } as never,
    }),
  );
const bool = numpyDtype(meta({ type: H5T.enum, size: 1, enum_type: { type: 0, nmembers: 2, members: { FALSE: 0, TRUE: 1 } } }));
const le = (write: (view: DataView) => void, size: number): DataView => {
  const view = new DataView(new ArrayBuffer(size));
  write(view);
  return view;
};

describe('decodeUtf8SurrogateEscape at the edges of UTF-8', () => {
  it('decodes the first and last code point of every sequence length', () => {
    const encoded = bytes(0x61, 0xc2, 0x80, 0xdf, 0xbf, 0xe0, 0xa0, 0x80, 0xef, 0xbf, 0xbf, 0xf0, 0x90, 0x80, 0x80, 0xf4, 0x8f, 0xbf, 0xbf);
    expect(decodeUtf8SurrogateEscape(encoded)).toBe('a\x80\u07ff\u0800\uffff\u{10000}\u{10ffff}');
  });

  it.each([
    [[0xc1, 0xbf], '\udcc1\udcbf'], // overlong 2-byte lead
    [[0xe0, 0x9f, 0xbf], '\udce0\udc9f\udcbf'], // overlong 3-byte
    [[0xf0, 0x8f, 0xbf, 0xbf], '\udcf0\udc8f\udcbf\udcbf'], // overlong 4-byte
    [[0xf4, 0x90, 0x80, 0x80], '\udcf4\udc90\udc80\udc80'], // past U+10FFFF
    [[0xf5, 0x80], '\udcf5\udc80'], // no such lead byte
    [[0x80], '\udc80'], // a lone continuation byte
    [[0xe2, 0x82], '\udce2\udc82'], // truncated at the end
    [[0xc3], '\udcc3'],
    [[0xc3, 0x41], '\udcc3A'], // a lead byte followed by ASCII
    [[0xe2, 0x82, 0xac, 0xff], '\u20ac\udcff'],
  ])('escapes %p as Python does', (input, expected) => {
    expect(decodeUtf8SurrogateEscape(Uint8Array.from(input))).toBe(expected);
  });

  it('passes ASCII through, also an empty string', () => {
    expect(decodeUtf8SurrogateEscape(bytes())).toBe('');
    expect(decodeUtf8SurrogateEscape(bytes(0x00, 0x7f, 0x41))).toBe('\x00\x7fA');
  });

  it('decodeUtf8Replace replaces what is not UTF-8 with U+FFFD', () => {
    expect(decodeUtf8Replace(bytes(0x61, 0xff, 0xe2, 0x82, 0xac))).toBe('a\ufffd\u20ac');
  });
});

describe('fixed-length string items', () => {
  it('NULLTERM without a NUL keeps the item, then drops nothing', () => {
    expect(text(fixedStringItem(bytes(0x61, 0x62, 0x20), StringPad.nullterm))).toBe('ab ');
    expect(text(fixedStringItem(bytes(0, 0x61), StringPad.nullterm))).toBe('');
  });
  it('SPACEPAD drops only trailing spaces, and all of an all-space item', () => {
    expect(text(fixedStringItem(bytes(0x20, 0x61, 0x20, 0x20), StringPad.spacepad))).toBe(' a');
    expect(text(fixedStringItem(bytes(0x20, 0x20), StringPad.spacepad))).toBe('');
  });
  it('NULLPAD and unknown padding only drop trailing NULs', () => {
    expect(text(fixedStringItem(bytes(0x61, 0x20, 0, 0), StringPad.nullpad))).toBe('a ');
    expect(text(fixedStringItem(bytes(0x61, 0, 0x62, 0), undefined))).toBe('a\0b');
  });
  it('stripTrailingNuls', () => {
    expect(text(stripTrailingNuls(bytes(0, 0x61, 0, 0)))).toBe('\0a');
    expect(text(stripTrailingNuls(bytes(0, 0)))).toBe('');
  });
});

describe('pythonBytesRepr', () => {
  it.each([
    [[0x61, 0x62], "b'ab'"],
    [[0x27], `b"'"`],
    [[0x27, 0x22], `b'\\'"'`],
    [[0x22], `b'"'`],
    [[0x7f, 0x1f, 0x20, 0x7e, 0x09, 0x0a, 0x0d, 0x5c, 0x00, 0x80, 0xff], "b'\\x7f\\x1f ~\\t\\n\\r\\\\\\x00\\x80\\xff'"],
    [[], "b''"],
  ])('repr(bytes(%p))', (input, expected) => {
    expect(pythonBytesRepr(Uint8Array.from(input))).toBe(expected);
  });
});

describe('numpy scalar texts', () => {
  it('complex: a signed-zero real part is printed, a positive zero is not', () => {
    expect(complexScalarText(-0, 1, 64)).toBe('(-0+1j)');
    expect(complexScalarText(0, -1, 64)).toBe('-1j');
    expect(complexScalarText(1.5, -0, 32)).toBe('(1.5-0j)');
    expect(complexScalarText(NaN, 2, 64)).toBe('(nan+2j)');
    expect(complexScalarText(0.25, 1e-7, 64)).toBe('(0.25+1e-07j)');
  });

  it('integers of every size, signed and unsigned, at their extremes', () => {
    const cases: Array<[number, boolean, (v: DataView) => void, string]> = [
      [1, true, (v) => v.setInt8(0, -128), '-128'],
      [1, false, (v) => v.setUint8(0, 255), '255'],
      [2, true, (v) => v.setInt16(0, -32768, true), '-32768'],
      [2, false, (v) => v.setUint16(0, 65535, true), '65535'],
      [4, true, (v) => v.setInt32(0, -2147483648, true), '-2147483648'],
      [4, false, (v) => v.setUint32(0, 4294967295, true), '4294967295'],
      [8, true, (v) => v.setBigInt64(0, -(2n ** 63n), true), '-9223372036854775808'],
      [8, false, (v) => v.setBigUint64(0, 2n ** 64n - 1n, true), '18446744073709551615'],
      [2, false, (v) => v.setUint16(0, 0x0102, true), '258'],
      [2, true, (v) => v.setInt16(0, 0x0102, true), '258'],
      [4, false, (v) => v.setUint32(0, 0x01020304, true), '16909060'],
      [4, true, (v) => v.setInt32(0, 0x01020304, true), '16909060'],
      [8, false, (v) => v.setBigUint64(0, 0x0102030405060708n, true), '72623859790382856'],
      [8, true, (v) => v.setBigInt64(0, 0x0102030405060708n, true), '72623859790382856'],
    ];
    for (const [size, signed, write, expected] of cases) expect(numpyScalarText(le(write, size), 0, int(size, signed))).toBe(expected);
  });

  it('floats in their own precision, read little-endian', () => {
    expect(
      numpyScalarText(
        le((v) => v.setFloat64(0, 0.1, true), 8),
        0,
        float(8),
      ),
    ).toBe('0.1');
    expect(
      numpyScalarText(
        le((v) => v.setFloat32(0, 0.1, true), 4),
        0,
        float(4),
      ),
    ).toBe('0.1');
    expect(
      numpyScalarText(
        le((v) => v.setUint16(0, 0x2e66, true), 2),
        0,
        float(2),
      ),
    ).toBe('0.1');
    expect(
      numpyScalarText(
        le((v) => v.setFloat64(0, 1e-7, true), 8),
        0,
        float(8),
      ),
    ).toBe('1e-07');
  });

  it('complex of both sizes, real part first', () => {
    const c64 = le((v) => {
      v.setFloat32(0, 0.1, true);
      v.setFloat32(4, -2, true);
    }, 8);
    expect(numpyScalarText(c64, 0, complex(4))).toBe('(0.1-2j)');
    const c128 = le((v) => {
      v.setFloat64(0, 1e-5, true);
      v.setFloat64(8, 3, true);
    }, 16);
    expect(numpyScalarText(c128, 0, complex(8))).toBe('(1e-05+3j)');
  });

  it('bool: any non-zero byte is True', () => {
    expect(numpyElementTexts(bytes(0, 1, 2, 0xff), bool)).toEqual(['False', 'True', 'True', 'True']);
  });

  it('numpyElementTexts walks the buffer at the item size, from its own offset', () => {
    const backing = bytes(0xaa, 1, 0, 2, 0, 0xff, 0xff);
    expect(numpyElementTexts(backing.subarray(1), int(2, true))).toEqual(['1', '2', '-1']);
    expect(numpyElementTexts(bytes(), int(4, false))).toEqual([]);
  });

  it('legacyUnicodeWidth: the astype(str) width numpy picks', () => {
    const widths: Array<[NumpyDtype, number]> = [
      [int(1, true), 4],
      [int(1, false), 3],
      [int(2, true), 6],
      [int(2, false), 5],
      [int(4, true), 11],
      [int(4, false), 10],
      [int(8, true), 21],
      [int(8, false), 20],
      [float(2), 32],
      [float(4), 32],
      [float(8), 32],
      [complex(4), 64],
      [complex(8), 64],
      [bool, 5],
    ];
    for (const [dtype, width] of widths) expect(`${dtype.name} ${legacyUnicodeWidth(dtype)}`).toBe(`${dtype.name} ${width}`);
    // Sizes numpy has no integer for never reach here; the widest width stands in.
    expect(legacyUnicodeWidth({ ...int(4, true), itemsize: 16 })).toBe(21);
    expect(legacyUnicodeWidth({ ...int(4, false), itemsize: 16 })).toBe(20);
  });
});

describe('reference reprs', () => {
  it('names object and region references, null or not (h5py 3.7 prints a null region reference without its closing parenthesis)', () => {
    expect(referenceRepr('object')).toBe('<HDF5 object reference>');
    expect(referenceRepr(undefined, true)).toBe('<HDF5 object reference (null)>');
    expect(referenceRepr('region')).toBe('<HDF5 region reference>');
    expect(referenceRepr('region', true)).toBe('<HDF5 region reference (null>');
  });
  it('splits the buffer at the item size; a zero item size gives none', () => {
    expect(referenceTexts(bytes(0, 0, 0, 0, 0, 1, 0, 0, 0, 0), 4, 'region')).toEqual([
      '<HDF5 region reference (null>',
      '<HDF5 region reference>',
    ]);
    expect(referenceTexts(bytes(1, 2), 0, 'object')).toEqual([]);
  });
});
