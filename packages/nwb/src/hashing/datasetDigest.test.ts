import { createHash } from 'node:crypto';
import { isRecomputeError } from '@spyglass-recompute/errors';
import { H5T, H5Reader, type H5Metadata } from '../h5/H5Reader';
import { loadH5wasm } from '../h5/h5wasm';
import { h5FilesForSuite } from '../test-support/h5FilesForSuite';
import { array, boolEnum, compound, float, int, member, meta } from '../test-support/h5Metadata';
import { patchFirstByte } from '../test-support/patchFirstByte';
import { datasetDigest, type DatasetDigestOptions } from './datasetDigest';
import { numpyDtype } from './numpyDtype';

/*
 * Spyglass `hash_dataset` on shapes and bytes the golden fixtures do not hold: a 2-D fixed-length
 * string dataset, zero-length axes of string and numeric data, the byte 0x80 in fixed-length
 * strings, and datasets whose type or dataspace the reference cannot batch over. Expected digests
 * are md5 of `str(shape) + str(dtype)` and the `astype(str)` bytes, built here from the rule in
 * spec/hashing.md. h5wasm cannot write ARRAY-typed, opaque or null-dataspace datasets, so those
 * cases give datasetDigest their metadata directly: it refuses them before reading any data.
 */

const options = (batchSize: number): DatasetDigestOptions => ({
  batchSize,
  precision: undefined,
  numericReadBytes: 1 << 20,
  relPath: 'd',
});
const md5 = (...parts: (string | Uint8Array)[]): string => {
  const h = createHash('md5');
  for (const part of parts) h.update(part);
  return h.digest('hex');
};
/** numpy `astype(str).tobytes()` of ASCII texts: UTF-32LE, each NUL-padded to `width` characters. */
const utf32le = (texts: string[], width: number): Buffer =>
  Buffer.concat(
    texts.map((text) =>
      Buffer.from(
        text.padEnd(width, '\0').replace(/./gs, (c) => `${c}\0\0\0`),
        'latin1',
      ),
    ),
  );

const ITEMS = ['ab', 'c', 'def', 'g', 'hi', 'j'];
/** Row widths 4, 2, 5: each batch of rows is packed at its own longest string. */
const VLEN_ITEMS = ['a', 'bbbb', 'cc', 'd', 'eeeee', 'f'];
const suiteFile = h5FilesForSuite('dataset-digest', (h5, dir) => {
  const f = new h5.File(`${dir}/datasets.h5`, 'w');
  try {
    f.create_dataset({ name: 'strings_3x2', data: ITEMS, shape: [3, 2], dtype: 'S3' });
    f.create_dataset({ name: 'vlen_3x2', data: VLEN_ITEMS, shape: [3, 2], dtype: 'S' });
    f.create_dataset({ name: 'vlen_2x0', data: [], shape: [2, 0], dtype: 'S' });
    f.create_dataset({ name: 'refs_2x0', data: [], shape: [2, 0], dtype: 'Reference' });
    f.create_dataset({ name: 'fixed_3x0', data: [], shape: [3, 0], dtype: 'S3' });
    f.create_dataset({ name: 'float_3x0', data: new Float32Array(0), shape: [3, 0] });
    f.create_dataset({ name: 'byte_0x80', data: ['ok', 'QZXW'], shape: [2], dtype: 'S4' });
  } finally {
    f.close();
  }
  patchFirstByte(`${dir}/datasets.h5`, 'QZXW', 0x80);
});

describe('datasetDigest on datasets written here', () => {
  let reader: H5Reader;
  beforeAll(async () => {
    reader = H5Reader.open(await loadH5wasm(), suiteFile('datasets.h5'));
  });
  afterAll(() => reader.close());
  const digest = (path: string, batchSize = 2) => datasetDigest(reader, path, reader.datasetMeta(path), options(batchSize));
  const failure = (path: string): unknown => {
    try {
      return digest(path);
    } catch (error) {
      return error;
    }
  };

  it('a 2-D fixed-length string dataset feeds every item of every row, at the item size, in any batch size', () => {
    const expected = md5('(3, 2)|S3', utf32le(ITEMS, 3));
    expect(digest('/strings_3x2', 2)).toBe(expected);
    expect(digest('/strings_3x2', 1)).toBe(expected);
  });

  it('a 2-D vlen string dataset packs each batch of rows at its own width, also when one read holds many batches', () => {
    // Small batches are read several to a block (datasetDigest's STRING_READ_ELEMENTS): each
    // must still be its own rows, at its own width.
    const rows = [VLEN_ITEMS.slice(0, 2), VLEN_ITEMS.slice(2, 4), VLEN_ITEMS.slice(4, 6)];
    const packed = (batch: string[][]) => utf32le(batch.flat(), Math.max(...batch.flat().map((text) => text.length)));
    expect(digest('/vlen_3x2', 1)).toBe(md5('(3, 2)object', ...rows.map((row) => packed([row]))));
    expect(digest('/vlen_3x2', 2)).toBe(md5('(3, 2)object', packed(rows.slice(0, 2)), packed(rows.slice(2))));
    expect(digest('/vlen_3x2', 3)).toBe(md5('(3, 2)object', packed(rows)));
  });

  it.each(['/vlen_2x0', '/refs_2x0'])(
    '%s: an object dataset with a zero-length axis raises: its empty object batches are normalised to float64 first',
    (path) => {
      const error = failure(path);
      expect(error).toMatchObject({ code: 'HASH_UNSUPPORTED_OBJECT', details: { object: 'd', reference: 'TypeError' } });
      expect((error as Error).message).toContain(
        "cannot hash object 'd': memoryview: cannot cast view with zeros in shape or strides (shape (2, 0))",
      );
    },
  );

  it('a fixed-length string dataset with a zero-length axis hashes its shape and dtype only (astype(str) of empty batches)', () => {
    expect(digest('/fixed_3x0')).toBe(md5('(3, 0)|S3'));
  });

  it('a numeric dataset with a zero-length axis raises as memoryview(batch).cast("B") does', () => {
    const error = failure('/float_3x0');
    expect(isRecomputeError(error)).toBe(true);
    expect(error).toMatchObject({ code: 'HASH_UNSUPPORTED_OBJECT', details: { object: 'd', reference: 'TypeError' } });
    expect((error as Error).message).toContain(
      "cannot hash object 'd': memoryview: cannot cast view with zeros in shape or strides (shape (3, 0))",
    );
  });

  it('the byte 0x80 in fixed-length strings raises as astype(str) does (ASCII stops at 0x7f)', () => {
    const error = failure('/byte_0x80');
    expect(error).toMatchObject({ code: 'HASH_UNSUPPORTED_OBJECT', details: { reference: 'UnicodeDecodeError' } });
    expect((error as Error).message).toContain("cannot hash object 'd': fixed-length |S4 data holds non-ASCII bytes");
  });
});

describe('datasetDigest on types and dataspaces h5wasm cannot write', () => {
  /** A reader whose reads return no bytes (all a zero-length axis holds); the refusals below come before any read. */
  const readerOf = (): H5Reader =>
    ({
      filePath: '/data/synthetic.h5',
      readRows: (_path: string, _meta: H5Metadata, _start: number, _count: number, consume: (data: { bytes: Uint8Array }) => unknown) =>
        consume({ bytes: new Uint8Array(0) }),
    }) as unknown as H5Reader;
  const refusal = (m: H5Metadata): Error => {
    try {
      datasetDigest(readerOf(), '/d', m, options(2));
    } catch (error) {
      return error as Error;
    }
    throw new Error('expected a refusal');
  };

  it.each([
    ['an opaque type', meta({ type: H5T.opaque, size: 4, shape: [2] }), 'unsupported datatype: HDF5 type class 5 (size 4)'],
    ['a null dataspace', float(8, { shape: null as never }), 'null dataspace (h5py.Empty) dataset has no shape to batch over'],
    [
      'an {r, i} compound of float16 parts',
      { ...compound(4, [member('r', 0, float(2)), member('i', 2, float(2))]), shape: [3] },
      "unsupported datatype: data type '<c4' not understood",
    ],
    [
      'an ARRAY of floats with a zero-length axis',
      { ...array(float(4), [2]), shape: [3, 0] },
      'memoryview: cannot cast view with zeros in shape or strides (shape (3, 0))',
    ],
  ])('refuses %s (TypeError in the reference)', (_what, m, why) => {
    const error = refusal(m);
    expect(error).toMatchObject({ code: 'HASH_UNSUPPORTED_OBJECT', details: { file: '/data/synthetic.h5', reference: 'TypeError' } });
    expect(error.message).toContain(`cannot hash object 'd': ${why} (`);
  });

  // h5py reads big-endian enums; h5wasm's HDF5 fails on them with H5Tset_order, which used to
  // surface as HDF5_CORRUPT ("truncated or damaged"). Refused before any read, naming the object.
  const bigEnum = boolEnum({ A: 0, B: 1, C: 2 }, 2, { littleEndian: false, shape: [3] });
  it.each([
    ['a big-endian enum', bigEnum],
    ['a compound holding one', compound(6, [member('x', 0, int(4)), member('e', 4, bigEnum)])],
    ['an ARRAY of them', array(bigEnum, [2])],
  ])('refuses %s as unreadable here (HASH_UNSUPPORTED_FILE), not as a damaged file', (_what, m) => {
    expect(() => datasetDigest(readerOf(), '/d', { ...m, shape: [3] }, options(2))).toThrow(
      expect.objectContaining({
        code: 'HASH_UNSUPPORTED_FILE',
        details: { file: '/data/synthetic.h5', object: 'd' },
        message: expect.stringContaining("/data/synthetic.h5: cannot read the values of 'd': its type holds a big-endian enum"),
      }),
    );
  });

  it('reads a little-endian enum (no refusal)', () => {
    const m = boolEnum({ A: 0, B: 1, C: 2 }, 2, { shape: [0] });
    expect(datasetDigest(readerOf(), '/d', m, options(2))).toBe(md5(`(0,)${numpyDtype(m).name}`));
  });

  it('an ARRAY of fixed-length strings with a zero-length axis hashes its shape and dtype only', () => {
    const m = { ...array(meta({ type: H5T.string, size: 2, strpad: 0, cset: 0 } as Partial<H5Metadata>), [2]), shape: [3, 0] };
    const { name } = numpyDtype(m);
    expect(name).toContain('S2');
    expect(datasetDigest(readerOf(), '/d', m, options(2))).toBe(md5(`(3, 0)${name}`));
  });
});
