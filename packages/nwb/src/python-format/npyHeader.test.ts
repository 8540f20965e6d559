import { encodeNpyHeader, pythonShapeTupleRepr } from './npyHeader';

const text = (bytes: Uint8Array): string => Buffer.from(bytes).toString('latin1');

describe('encodeNpyHeader (numpy 1.24 np.save)', () => {
  it('writes format 1.0 with growth-axis spaces, padded to 64 bytes', () => {
    // np.save(f, np.zeros((3, 4), '<i2')): a 128-byte header.
    const header = encodeNpyHeader("'<i2'", [3, 4]);
    expect(header.length).toBe(128);
    expect(text(header.subarray(0, 8))).toBe('\x93NUMPY\x01\x00');
    expect(Buffer.from(header).readUInt16LE(8)).toBe(118);
    const dict = "{'descr': '<i2', 'fortran_order': False, 'shape': (3, 4), }";
    expect(text(header.subarray(10))).toBe(dict + ' '.repeat(118 - dict.length - 1) + '\n');
  });

  it('reserves room for the first axis to grow to 21 digits', () => {
    const short = encodeNpyHeader("'<f8'", [7]);
    const long = encodeNpyHeader("'<f8'", [123456789012345]);
    expect(short.length).toBe(long.length);
    expect(text(long)).toContain("'shape': (123456789012345,), }      ");
  });

  it('switches to format 2.0 when the header needs more than 65535 bytes', () => {
    const descr = `[('${'x'.repeat(70000)}', '<f8')]`;
    const header = encodeNpyHeader(descr, [2]);
    expect(header[6]).toBe(2);
    expect(header.length % 64).toBe(0);
    expect(Buffer.from(header).readUInt32LE(8)).toBe(header.length - 12);
    expect(header[header.length - 1]).toBe(0x0a);
  });

  it('renders shapes as Python tuples', () => {
    expect(pythonShapeTupleRepr([])).toBe('()');
    expect(pythonShapeTupleRepr([4])).toBe('(4,)');
    expect(pythonShapeTupleRepr([4, 2])).toBe('(4, 2)');
  });
});
