import { H5T, type H5Metadata } from '../h5/H5Reader';
import { array, boolEnum, compound, float, int, member, meta } from '../test-support/h5Metadata';
import { numpyDtype } from './numpyDtype';
import { compoundScalarText, ndarrayText, UnprintableValue } from './numpyValueText';

// The formatters themselves (numpy's padding, float modes) are tested in python-format; these
// tests pin how values are found: offsets, sizes, signedness, byte order, nesting and wrapping.

/** Bytes written through a DataView. */
function bytesOf(size: number, write: (view: DataView) => void): Uint8Array {
  const bytes = new Uint8Array(size);
  write(new DataView(bytes.buffer));
  return bytes;
}

describe('compoundScalarText: str(np.void) of one compound value', () => {
  it('reads each member at its offset, in its size and signedness', () => {
    const type = compound(31, [
      member('a', 0, int(1)),
      member('b', 1, int(2, { signed: false })),
      member('c', 3, int(4)),
      member('d', 7, int(4, { signed: false })),
      member('e', 11, int(8)),
      member('f', 19, int(8, { signed: false })),
      member('g', 27, int(2)),
      member('h', 29, int(1, { signed: false })),
    ]);
    const bytes = bytesOf(31, (v) => {
      v.setInt8(0, -1);
      v.setUint16(1, 0x0102, true);
      v.setInt32(3, -70000, true);
      v.setUint32(7, 0x01020304, true);
      v.setBigInt64(11, -5n, true);
      v.setBigUint64(19, 0x0102030405060708n, true);
      v.setInt16(27, -2, true);
      v.setUint8(29, 200);
    });
    expect(compoundScalarText(bytes, 0, type)).toBe('(-1, 258, -70000, 16909060, -5, 72623859790382856, -2, 200)');
  });

  it('reads floats of every size, bools, fixed strings and complex members', () => {
    const type = compound(27, [
      member('h', 0, float(2)),
      member('s', 2, float(4)),
      member('d', 6, float(8)),
      member('flag', 14, boolEnum({ FALSE: 0, TRUE: 1 })),
      member('name', 15, meta({ type: H5T.string, size: 4, strpad: 1 })),
      member('z', 19, compound(8, [member('r', 0, float(4)), member('i', 4, float(4))])),
    ]);
    const bytes = bytesOf(27, (v) => {
      v.setUint16(0, 0x3800, true); // 0.5 in float16
      v.setFloat32(2, 0.25, true);
      v.setFloat64(6, -1.5, true);
      v.setUint8(14, 1);
      v.setUint8(15, 0x61);
      v.setUint8(16, 0x62);
      v.setFloat32(19, 1, true);
      v.setFloat32(23, -2, true);
    });
    expect(compoundScalarText(bytes, 0, type)).toBe("(0.5, 0.25, -1.5, True, b'ab', (1-2j))");
  });

  it('starts at the given offset (the n-th value of a dataset)', () => {
    const type = compound(2, [member('x', 0, int(1)), member('y', 1, int(1))]);
    expect(compoundScalarText(Uint8Array.from([1, 2, 3, 4, 5, 6]), 4, type)).toBe('(5, 6)');
  });

  it('wraps a single field as a one-tuple and nests compounds', () => {
    expect(compoundScalarText(Uint8Array.from([7]), 0, compound(1, [member('x', 0, int(1))]))).toBe('(7,)');
    const inner = compound(1, [member('x', 0, int(1))]);
    const outer = compound(2, [member('inner', 0, inner), member('y', 1, int(1))]);
    expect(compoundScalarText(Uint8Array.from([1, 2]), 0, outer)).toBe('((1,), 2)');
  });

  it('prints ARRAY members as nested lists, in the base type of the ARRAY', () => {
    const type = compound(17, [
      member('v', 0, array(int(2), [2, 2])),
      member('w', 8, array(int(4, { signed: false }), [2])),
      member('n', 16, int(1, { signed: false })),
    ]);
    const bytes = bytesOf(17, (v) => {
      [1, 2, 3, 4].forEach((x, i) => v.setInt16(2 * i, x, true));
      v.setUint32(8, 0x0102, true);
      v.setUint32(12, 0x0201, true);
      v.setUint8(16, 3);
    });
    expect(compoundScalarText(bytes, 0, type)).toBe('([[1, 2], [3, 4]], [258, 513], 3)');
  });

  it('reads each member of a mixed-order compound in its own byte order (h5wasm leaves those as stored)', () => {
    const type = compound(12, [
      member('x', 0, int(2, { littleEndian: false })),
      member('y', 2, int(2)),
      member('f', 4, float(8, { littleEndian: false })),
    ]);
    expect(
      compoundScalarText(
        bytesOf(12, (v) => (v.setInt16(0, 258, false), v.setInt16(2, 258, true), v.setFloat64(4, 0.5, false))),
        0,
        type,
      ),
    ).toBe('(258, 258, 0.5)');
  });

  it('reads an all-big-endian compound little-endian: h5wasm converted it (unless told it did not)', () => {
    const type = compound(6, [
      member('x', 0, int(2, { littleEndian: false })),
      member('a', 2, array(int(2, { littleEndian: false }), [2])),
    ]);
    const converted = bytesOf(6, (v) => (v.setInt16(0, 258, true), v.setInt16(2, 1, true), v.setInt16(4, 2, true)));
    expect(compoundScalarText(converted, 0, type)).toBe('(258, [1, 2])');
    expect(compoundScalarText(converted, 0, type, undefined, false)).toBe('(513, [256, 512])');
    // A nested all-big-endian compound inside a mixed one was converted by h5wasm as well.
    const nested = compound(4, [member('le', 0, int(2)), member('be', 2, compound(2, [member('x', 0, int(2, { littleEndian: false }))]))]);
    expect(
      compoundScalarText(
        bytesOf(4, (v) => (v.setInt16(0, 1, true), v.setInt16(2, 258, true))),
        0,
        nested,
      ),
    ).toBe('(1, (258,))');
  });

  it('reads a mixed-order compound nested in a mixed one member by member, and pads bools in ARRAY members', () => {
    const inner = compound(4, [member('x', 0, int(2, { littleEndian: false })), member('y', 2, int(2))]);
    const outer = compound(6, [member('a', 0, int(2)), member('inner', 2, inner)]);
    const bytes = bytesOf(6, (v) => (v.setInt16(0, 1, true), v.setInt16(2, 258, false), v.setInt16(4, 258, true)));
    expect(compoundScalarText(bytes, 0, outer)).toBe('(1, (258, 258))');
    const bool = boolEnum({ FALSE: 0, TRUE: 1 });
    expect(compoundScalarText(Uint8Array.from([1, 0]), 0, compound(2, [member('flags', 0, array(bool, [2]))]))).toBe('([ True, False],)');
  });

  it('prints null and non-null references by kind', () => {
    const ref = meta({ type: H5T.reference, size: 8, ref_type: 'object' } as Partial<H5Metadata>);
    const type = compound(16, [member('r', 0, ref), member('s', 8, ref)]);
    const bytes = bytesOf(16, (v) => v.setUint8(9, 1));
    expect(compoundScalarText(bytes, 0, type)).toBe('(<HDF5 object reference (null)>, <HDF5 object reference>)');
  });

  it('prints vlen string members from the read buffer as bytes, and refuses them without it', () => {
    const vlen = meta({ type: H5T.string, size: 4, vlen: true });
    const type = compound(8, [member('a', 0, vlen), member('b', 4, vlen)]);
    const bytes = bytesOf(8, (v) => (v.setUint32(0, 100, true), v.setUint32(4, 200, true)));
    const heap = new Map([
      [100, Uint8Array.from(Buffer.from('hi'))],
      [200, Uint8Array.from(Buffer.from("it's"))],
    ]);
    expect(compoundScalarText(bytes, 0, type, (pointer) => heap.get(pointer) ?? new Uint8Array())).toBe(`(b'hi', b"it's")`);
    expect(() => compoundScalarText(bytes, 0, type)).toThrow(new UnprintableValue('cannot print vlen strings without the read buffer'));
  });

  it('refuses members it cannot print (opaque), naming the type', () => {
    const type = compound(4, [member('o', 0, meta({ type: H5T.opaque, size: 4 }))]);
    const attempt = (): string => compoundScalarText(new Uint8Array(4), 0, type);
    expect(attempt).toThrow(UnprintableValue);
    expect(attempt).toThrow(`cannot print ${numpyDtype(meta({ type: H5T.opaque, size: 4 })).name} values`);
  });
});

describe('ndarrayText: str(ndarray) of a scalar HDF5 ARRAY value', () => {
  it('prints the elements in C order with numpy array spacing, from the given offset', () => {
    const bytes = bytesOf(18, (v) => [1, 2, 3, 4].forEach((x, i) => v.setInt32(2 + 4 * i, x, true)));
    expect(ndarrayText(bytes, 2, numpyDtype(int(4)), [2, 2])).toBe('[[1 2]\n [3 4]]');
    expect(
      ndarrayText(
        bytesOf(4, (v) => (v.setUint16(0, 258, true), v.setUint16(2, 1, true))),
        0,
        numpyDtype(int(2, { signed: false })),
        [2],
      ),
    ).toBe('[258   1]');
  });

  it('reads a bool member stored as a 2-byte enum by its value', () => {
    const wide = compound(4, [member('a', 0, boolEnum({ FALSE: 0, TRUE: 1 }, 2)), member('b', 2, boolEnum({ FALSE: 0, TRUE: 1 }, 2))]);
    // little-endian 1 then 0: the value sits in the first byte; a big-endian 1 in the second
    expect(compoundScalarText(Uint8Array.from([1, 0, 0, 0]), 0, wide)).toBe('(True, False)');
    const bigEndian = compound(4, [member('a', 0, boolEnum({ FALSE: 0, TRUE: 1 }, 2, { littleEndian: false })), member('b', 2, int(2))]);
    expect(compoundScalarText(Uint8Array.from([0, 1, 5, 0]), 0, bigEndian)).toBe('(True, 5)');
  });

  it('prints a zero-dimensional bool as numpy does (no padding)', () => {
    expect(ndarrayText(Uint8Array.from([1]), 0, numpyDtype(boolEnum({ FALSE: 0, TRUE: 1 })), [])).toBe('True');
    expect(ndarrayText(Uint8Array.from([0, 1]), 0, numpyDtype(boolEnum({ FALSE: 0, TRUE: 1 })), [2])).toBe('[False  True]');
  });

  it('reads float16 elements as half floats', () => {
    expect(
      ndarrayText(
        bytesOf(2, (v) => v.setUint16(0, 0x3800, true)),
        0,
        numpyDtype(float(2)),
        [],
      ),
    ).toBe('0.5');
  });
});
