import { H5T, H5Reader, type H5Metadata } from '../h5/H5Reader';
import { loadH5wasm } from '../h5/h5wasm';
import { h5FilesForSuite } from '../test-support/h5FilesForSuite';
import { boolEnum, compound, float, member, meta } from '../test-support/h5Metadata';
import { attributeParts } from './attributeParts';

/*
 * What one attribute feeds to md5 (`shape_dtype(v)` and `serialize(v)`, spec/hashing.md) for
 * values the golden fixtures do not hold: empty arrays of object references, in both modes and
 * with a zero in a 2-D shape, the byte 0x80 in fixed-length strings, and a type the hasher does not map.
 */

const suiteFile = h5FilesForSuite('attribute-parts', (h5, dir) => {
  const f = new h5.File(`${dir}/attributes.h5`, 'w');
  try {
    const g = f.create_group('g');
    g.create_attribute('refs_0', [], [0], 'Reference');
    g.create_attribute('refs_0x2', [], [0, 2], 'Reference');
  } finally {
    f.close();
  }
});

describe('attributeParts on attributes written here', () => {
  let reader: H5Reader;
  beforeAll(async () => {
    reader = H5Reader.open(await loadH5wasm(), suiteFile('attributes.h5'));
  });
  afterAll(() => reader.close());
  const parts = (name: string, legacy: boolean) => attributeParts(reader, '/g', name, legacy, 'g');
  const refusal = (name: string, legacy: boolean): Error => {
    try {
      parts(name, legacy);
    } catch (error) {
      return error as Error;
    }
    throw new Error(`expected attribute ${name} to be refused`);
  };

  it('an empty reference array is normalised to float64 as an empty string array is; legacy keeps object', () => {
    expect(parts('refs_0', false)).toEqual({ shapeDtype: '(0,)float64', value: '' });
    expect(parts('refs_0', true)).toEqual({ shapeDtype: '(0,)object', value: '' });
    expect(parts('refs_0x2', true)).toEqual({ shapeDtype: '(0, 2)object', value: '' });
  });

  it('an empty 2-D reference array raises in current mode, as memoryview(arr).cast("B") of the float64 array does', () => {
    const error = refusal('refs_0x2', false);
    expect(error).toMatchObject({ code: 'HASH_UNSUPPORTED_OBJECT', details: { object: 'g', reference: 'TypeError' } });
    expect(error.message).toContain(
      "cannot hash object 'g': attribute 'refs_0x2': memoryview: cannot cast view with zeros in shape or strides (shape (0, 2))",
    );
  });
});

/**
 * Attributes live in the object header, which HDF5 checksums: bytes h5wasm will not write (0x80 in
 * a fixed-length string, which it would encode as UTF-8) cannot be patched into its file, and it
 * cannot write opaque types. These give attributeParts the metadata and raw bytes h5wasm's reader
 * returns for such an attribute.
 */
describe('attributeParts on attributes h5wasm cannot write', () => {
  const readerOf = (m: H5Metadata, bytes: Uint8Array): H5Reader =>
    ({ filePath: '/data/synthetic.h5', attributeMeta: () => m, readAttribute: () => ({ bytes }) }) as unknown as H5Reader;

  it.each([false, true])('the byte 0x80 in a fixed-length string array raises as astype(str) does (legacy %s)', (legacy) => {
    const labels = meta({ type: H5T.string, size: 4, strpad: 0, cset: 0, shape: [2], total_size: 2 } as Partial<H5Metadata>);
    const reader = readerOf(labels, Uint8Array.from([0x6f, 0x6b, 0, 0, 0x80, 0x5a, 0x58, 0x57]));
    expect(() => attributeParts(reader, '/g', 'labels', legacy, 'g')).toThrow(
      expect.objectContaining({
        code: 'HASH_UNSUPPORTED_OBJECT',
        details: { file: '/data/synthetic.h5', object: 'g', reference: 'UnicodeDecodeError' },
        message: expect.stringContaining("cannot hash object 'g': attribute 'labels': fixed-length bytes hold non-ASCII data ("),
      }),
    );
  });

  it.each([false, true])('refuses a big-endian enum attribute as unreadable here, naming it (legacy %s)', (legacy) => {
    const reader = readerOf(boolEnum({ A: 0, B: 1, C: 2 }, 2, { littleEndian: false, shape: [3], total_size: 3 }), new Uint8Array(6));
    expect(() => attributeParts(reader, '/g', 'state', legacy, 'g')).toThrow(
      expect.objectContaining({
        code: 'HASH_UNSUPPORTED_FILE',
        details: { file: '/data/synthetic.h5', object: 'g' },
        message: expect.stringContaining("cannot read the values of 'g': attribute 'state': its type holds a big-endian enum"),
      }),
    );
  });

  it('refuses an {r, i} attribute of float16 parts as h5py does (TypeError), naming the attribute', () => {
    const c4 = { ...compound(4, [member('r', 0, float(2)), member('i', 2, float(2))]), shape: [3], total_size: 3 };
    expect(() => attributeParts(readerOf(c4, new Uint8Array(12)), '/g', 'z', false, 'g')).toThrow(
      expect.objectContaining({
        code: 'HASH_UNSUPPORTED_OBJECT',
        details: { file: '/data/synthetic.h5', object: 'g', reference: 'TypeError' },
        message: expect.stringContaining("cannot hash object 'g': attribute 'z': data type '<c4' not understood ("),
      }),
    );
  });

  it('refuses an attribute of a type it does not map (opaque), naming the attribute and the type', () => {
    const reader = readerOf(meta({ type: H5T.opaque, size: 4, shape: [2], total_size: 2 }), new Uint8Array(8));
    expect(() => attributeParts(reader, '/g', 'blob', false, 'g')).toThrow(
      expect.objectContaining({
        code: 'HASH_UNSUPPORTED_OBJECT',
        details: { file: '/data/synthetic.h5', object: 'g', reference: 'TypeError' },
        message: expect.stringContaining("cannot hash object 'g': attribute 'blob': HDF5 type class 5 (size 4) ("),
      }),
    );
  });
});
