import { encodeNpy, encodeNpyHeader } from './encodeNpy';

const headerText = (bytes: Uint8Array): string => {
  const view = Buffer.from(bytes);
  const start = view[6] === 1 ? 10 : 12;
  const length = view[6] === 1 ? view.readUInt16LE(8) : view.readUInt32LE(8);
  return view.subarray(start, start + length).toString('latin1');
};

// Expected texts/sizes were produced with numpy 1.24.2 `np.save` (the fixtures' numpy).
describe('encodeNpyHeader matches numpy 1.24 np.save', () => {
  test.each([
    ['<f8', [], "{'descr': '<f8', 'fortran_order': False, 'shape': (), }", 128],
    ['<f8', [0], "{'descr': '<f8', 'fortran_order': False, 'shape': (0,), }", 128],
    ['|i1', [0, 3], "{'descr': '|i1', 'fortran_order': False, 'shape': (0, 3), }", 128],
    ['<U2', [2], "{'descr': '<U2', 'fortran_order': False, 'shape': (2,), }", 128],
  ] as const)('%s %j', (dtype, shape, text, total) => {
    const header = encodeNpyHeader(dtype, shape);
    expect(header.length).toBe(total);
    expect(headerText(header).trimEnd()).toBe(text);
    expect(header[header.length - 1]).toBe(0x0a);
  });

  test('a (3, 3) float64 file is 200 bytes (128 header + 72 data)', () => {
    expect(encodeNpy({ dtype: '<f8', shape: [3, 3], data: new Array<number>(9).fill(0) }).length).toBe(200);
  });

  test('a header longer than 65535 bytes switches to format 2.0', () => {
    const header = encodeNpyHeader([{ name: 'x'.repeat(70000), dtype: '<f8' }], [2]);
    expect(header[6]).toBe(2);
    expect(header.length + 16).toBe(70160);
    expect(Buffer.from(header).readUInt32LE(8)).toBe(70132);
  });
});

describe('encodeNpy data', () => {
  test('bool array is byte for byte numpy', () => {
    expect(Buffer.from(encodeNpy({ dtype: '|b1', shape: [2], data: [true, false] })).toString('hex')).toBe(
      '934e554d5059010076007b276465736372273a20277c6231272c2027666f727472616e5f6f72646572273a2046616c73652c20277368617065273a2028322c292c207d2020202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020200a0100',
    );
  });

  test('unicode is UTF-32LE, zero padded, truncated to the width', () => {
    const bytes = encodeNpy({ dtype: '<U3', shape: [2], data: ['Aé😀x', ''] });
    expect(Buffer.from(bytes.subarray(128)).toString('hex')).toBe('41000000e900000000f60100000000000000000000000000');
  });

  test('int64 little endian', () => {
    const bytes = encodeNpy({ dtype: '<i8', shape: [2], data: [-1, 2 ** 40] });
    expect(Buffer.from(bytes.subarray(128)).toString('hex')).toBe('ffffffffffffffff0000000000010000');
  });

  test('a data length that does not match the shape is refused', () => {
    expect(() => encodeNpy({ dtype: '<f8', shape: [3], data: [1, 2] })).toThrow(/shape \(3,\) needs 3/);
  });
});
