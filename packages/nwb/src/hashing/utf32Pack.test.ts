import { codePointLength, unicodeWidth, utf32Pack } from './utf32Pack';

// numpy `<U` widths count code points: a surrogate pair is one, a lone surrogate is one too
// (h5py's surrogateescape leaves lone low surrogates in undecodable strings).
describe('utf32Pack', () => {
  it('counts a surrogate pair as one code point and a lone surrogate as one', () => {
    expect(codePointLength('')).toBe(0);
    expect(codePointLength('abc')).toBe(3);
    expect(codePointLength('𝄞')).toBe(1);
    expect(codePointLength('a𝄞b')).toBe(3);
    expect(codePointLength('\ud834')).toBe(1);
    expect(codePointLength('\ud834x')).toBe(2);
    expect(codePointLength('\ud834\ud834')).toBe(2);
    expect(codePointLength('\udcff')).toBe(1);
    expect(codePointLength('\udd1e\ud834')).toBe(2);
    expect(codePointLength('\udcff\udcff')).toBe(2);
    expect(codePointLength('\udbff\udfff')).toBe(1);
    expect(codePointLength('\ud800\udc00')).toBe(1);
    expect(codePointLength('\ud7ff\udc00')).toBe(2);
    expect(codePointLength('\ud800\ue000')).toBe(2);
  });

  it('agrees with the string iterator on every string of up to 3 surrogate-edge code units', () => {
    const units = ['a', '\ud7ff', '\ud800', '\udbff', '\udc00', '\udfff', '\ue000'];
    let strings = [''];
    for (let n = 0; n < 3; n += 1) strings = [...strings, ...strings.flatMap((s) => units.map((u) => s + u))];
    const wrong = strings.filter((s) => {
      const codePoints = Array.from(s, (ch) => ch.codePointAt(0) as number);
      const packed = [...new Uint32Array(utf32Pack([s], 3).buffer)];
      return codePointLength(s) !== codePoints.length || packed.join() !== [...codePoints, 0, 0, 0].slice(0, 3).join();
    });
    expect(wrong).toEqual([]);
  });

  it('takes the widest element, at least 1', () => {
    expect(unicodeWidth([])).toBe(1);
    expect(unicodeWidth([''])).toBe(1);
    expect(unicodeWidth(['ab', '𝄞𝄞𝄞', 'c'])).toBe(3);
    expect(unicodeWidth(['abcd', 'e'])).toBe(4);
  });

  it('packs each element at its own slot, code point by code point, NUL-padded', () => {
    const packed = new Uint32Array(utf32Pack(['a𝄞', '', '\udcffz'], 3).buffer);
    expect([...packed]).toEqual([0x61, 0x1d11e, 0, 0, 0, 0, 0xdcff, 0x7a, 0]);
    expect(utf32Pack([], 4).length).toBe(0);
  });
});
