import {
  complexScalarText,
  decodeUtf8Replace,
  decodeUtf8SurrogateEscape,
  fixedStringItem,
  hasLoneSurrogate,
  numpyElementTexts,
  referenceTexts,
  StringPad,
} from './scalarText';
import { emptyDtypeRepr, nativeScalarName, numpyDtype } from './numpyDtype';
import type { H5Metadata } from '../h5/H5Reader';
import { boolEnum } from '../test-support/h5Metadata';

const bytes = (...b: number[]): Uint8Array => Uint8Array.from(b);
const ascii = (s: string): Uint8Array => Uint8Array.from(Buffer.from(s, 'latin1'));

describe('decodeUtf8SurrogateEscape (h5py vlen attribute strings)', () => {
  it('escapes every undecodable byte as U+DC80..U+DCFF', () => {
    expect(decodeUtf8SurrogateEscape(ascii('lab\xffel'))).toBe('lab\udcffel');
    // A truncated 3-byte sequence: both bytes escaped, the rest decoded.
    expect(decodeUtf8SurrogateEscape(bytes(0xe2, 0x82, 0x41))).toBe('\udce2\udc82A');
    // Overlong encodings and encoded surrogates are invalid in Python too.
    expect(decodeUtf8SurrogateEscape(bytes(0xc0, 0xaf))).toBe('\udcc0\udcaf');
    expect(decodeUtf8SurrogateEscape(bytes(0xed, 0xa0, 0x80))).toBe('\udced\udca0\udc80');
  });

  it('only 0xF0..0xF4 start a 4-byte sequence: a continuation byte or 0xF5 never does', () => {
    // Read as a 4-byte lead, 0x84 0x80 0x80 0x80 would be U+100000 and 0xF4 0x90.. past U+10FFFF.
    expect(decodeUtf8SurrogateEscape(bytes(0x84, 0x80, 0x80, 0x80))).toBe('\udc84\udc80\udc80\udc80');
    expect(decodeUtf8SurrogateEscape(bytes(0xf5, 0x80, 0x80, 0x80))).toBe('\udcf5\udc80\udc80\udc80');
    expect(decodeUtf8SurrogateEscape(bytes(0xf4, 0x8f, 0xbf, 0xbf))).toBe('\u{10ffff}');
    expect(decodeUtf8SurrogateEscape(bytes(0xf0, 0x90, 0x80, 0x80))).toBe('\u{10000}');
  });

  it('0xF8..0xFF lead nothing, even where their low bits and three continuations would spell a code point', () => {
    // 0xF8 & 0x07 = 0: read as a 4-byte lead, F8 90 80 80 would be U+10000.
    expect(decodeUtf8SurrogateEscape(bytes(0xf8, 0x90, 0x80, 0x80))).toBe('\udcf8\udc90\udc80\udc80');
    expect(decodeUtf8SurrogateEscape(bytes(0xff, 0x90, 0x80, 0x80))).toBe('\udcff\udc90\udc80\udc80');
  });

  it('refuses every encoded surrogate up to U+DFFF and decodes U+E000 after them', () => {
    expect(decodeUtf8SurrogateEscape(bytes(0xed, 0xbf, 0xbf))).toBe('\udced\udcbf\udcbf');
    expect(decodeUtf8SurrogateEscape(bytes(0xee, 0x80, 0x80))).toBe('\ue000');
    expect(decodeUtf8SurrogateEscape(bytes(0xed, 0x9f, 0xbf))).toBe('\ud7ff');
  });

  it('decodes valid UTF-8, astral characters included', () => {
    expect(decodeUtf8SurrogateEscape(Uint8Array.from(Buffer.from('h\u00e9 \u{1d11e}', 'utf8')))).toBe('h\u00e9 \u{1d11e}');
  });

  it('hasLoneSurrogate finds what str.encode() refuses', () => {
    expect(hasLoneSurrogate('lab\udcffel')).toBe(true);
    expect(hasLoneSurrogate('\u{1d11e}')).toBe(false);
    expect(hasLoneSurrogate('\ud834')).toBe(true);
  });
});

describe('decodeUtf8Replace (h5py bytes decoded by Spyglass with errors="replace")', () => {
  it("keeps a leading byte order mark, as Python's utf-8 codec does (only utf-8-sig drops it)", () => {
    expect(decodeUtf8Replace(bytes(0xef, 0xbb, 0xbf, 0x61))).toBe('\ufeffa');
    expect(decodeUtf8Replace(bytes(0x61, 0xff, 0x62))).toBe('a\ufffdb');
  });
});

describe('fixedStringItem (HDF5 conversion to NULLPAD, then numpy strips NULs)', () => {
  it('NULLTERM stops at the first NUL', () => {
    expect(Buffer.from(fixedStringItem(ascii('AB\0CD\0'), StringPad.nullterm)).toString('latin1')).toBe('AB');
  });
  it('NULLPAD keeps embedded NULs and drops trailing ones', () => {
    expect(Buffer.from(fixedStringItem(ascii('AB\0CD\0'), StringPad.nullpad)).toString('latin1')).toBe('AB\0CD');
  });
  it('SPACEPAD drops trailing spaces', () => {
    expect(Buffer.from(fixedStringItem(ascii('ab   '), StringPad.spacepad)).toString('latin1')).toBe('ab');
  });
});

describe('bools stored as wider enums', () => {
  it('prints each element of a 2- or 4-byte FALSE=0/TRUE=1 enum by its value, in either byte order', () => {
    const little2 = numpyDtype(boolEnum({ FALSE: 0, TRUE: 1 }, 2));
    expect(numpyElementTexts(Uint8Array.from([1, 0, 0, 0, 1, 0]), little2)).toEqual(['True', 'False', 'True']);
    const big4 = numpyDtype(boolEnum({ FALSE: 0, TRUE: 1 }, 4, { littleEndian: false }));
    expect(numpyElementTexts(Uint8Array.from([0, 0, 0, 1, 0, 0, 0, 0]), big4)).toEqual(['True', 'False']);
  });
});

describe('reference and complex text', () => {
  it('names null references', () => {
    expect(referenceTexts(bytes(1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0), 8, 'object')).toEqual([
      '<HDF5 object reference>',
      '<HDF5 object reference (null)>',
    ]);
  });
  it('prints a complex128 part in float64 precision, a complex64 part in float32', () => {
    expect(complexScalarText(1 / 3, 0.1, 64)).toBe('(0.3333333333333333+0.1j)');
    expect(complexScalarText(Math.fround(1 / 3), Math.fround(0.1), 32)).toBe('(0.33333334+0.1j)');
  });

  it('prints complex scalars like numpy', () => {
    expect(complexScalarText(1e-5, -0, 64)).toBe('(1e-05-0j)');
    expect(complexScalarText(NaN, Infinity, 64)).toBe('(nan+infj)');
    expect(complexScalarText(Math.fround(0.1), -2, 32)).toBe('(0.1-2j)');
    expect(complexScalarText(0, 2, 64)).toBe('2j');
  });
});

describe('numpyDtype', () => {
  const meta = (m: Partial<H5Metadata>): H5Metadata =>
    ({ signed: false, vlen: false, littleEndian: true, shape: [], total_size: 1, ...m }) as H5Metadata;

  it('refuses 16-byte integers the way numpy does', () => {
    const d = numpyDtype(meta({ type: 0, size: 16, littleEndian: false }));
    expect(d.kind).toBe('unsupported');
    expect(d.reason).toBe("data type '>u16' not understood");
  });

  it('names big-endian scalars natively and prints Empty dtypes as h5py builds them', () => {
    const be = numpyDtype(meta({ type: 1, size: 2, littleEndian: false }));
    expect(be.name).toBe('>f2');
    expect(nativeScalarName(be)).toBe('float16');
    expect(emptyDtypeRepr(numpyDtype(meta({ type: 1, size: 8 })))).toBe("dtype('<f8')");
    expect(emptyDtypeRepr(numpyDtype(meta({ type: 0, size: 2, signed: true })))).toBe("dtype('int16')");
    expect(emptyDtypeRepr(numpyDtype(meta({ type: 0, size: 4, littleEndian: false })))).toBe("dtype('>u4')");
    expect(emptyDtypeRepr(numpyDtype(meta({ type: 3, size: 7 })))).toBe("dtype('S7')");
  });
});
