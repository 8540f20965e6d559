import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { npyDataDigest, readNpyHeader } from './npyDataDigest';

/*
 * `.npy` edge cases of npyDataDigest (md5 of `np.load(path).tobytes()`): the format versions'
 * header-length fields and encodings, dtype item sizes, scalar and empty shapes, trailing bytes,
 * and the typed errors. Expected digests are md5 of the C-order bytes the test itself builds.
 */

/**
 * A .npy file of format `major` with the given header dict text and data; the header is padded as
 * numpy pads it (data on a 64-byte boundary), or with spaces to exactly `headerLen` bytes.
 */
function npy(major: 1 | 2 | 3, dict: string, data: Buffer, headerLen?: number): Buffer {
  const lenBytes = major === 1 ? 2 : 4;
  const encoded = Buffer.from(dict, major === 3 ? 'utf8' : 'latin1');
  const unpadded = 6 + 2 + lenBytes + encoded.length + 1;
  const spaces = headerLen === undefined ? (64 - (unpadded % 64)) % 64 : headerLen - encoded.length - 1;
  const header = Buffer.concat([encoded, Buffer.from(' '.repeat(spaces) + '\n', 'latin1')]);
  const len = Buffer.alloc(lenBytes);
  if (lenBytes === 2) len.writeUInt16LE(header.length);
  else len.writeUInt32LE(header.length);
  return Buffer.concat([Buffer.from([0x93]), Buffer.from('NUMPY'), Buffer.from([major, 0]), len, header, data]);
}

const md5 = (bytes: Buffer) => createHash('md5').update(bytes).digest('hex');
const dict = (descr: string, shape: string, fortran = false) =>
  `{'descr': ${descr}, 'fortran_order': ${fortran ? 'True' : 'False'}, 'shape': ${shape}, }`;

describe('npyDataDigest edge cases', () => {
  let tmp: string;
  let n = 0;
  const write = (bytes: Buffer): string => {
    const file = path.join(tmp, `a${(n += 1)}.npy`);
    writeFileSync(file, bytes);
    return file;
  };
  beforeAll(() => {
    tmp = mkdtempSync(path.join(os.tmpdir(), 'npy-edges-'));
  });
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));

  it.each([1, 2, 3] as const)('reads a format %i header (2-byte length in v1, 4-byte in v2/v3)', async (major) => {
    const data = Buffer.from(Float64Array.from([1.5, -2, 3.25]).buffer);
    const file = write(npy(major, dict("'<f8'", '(3,)'), data));
    expect(await npyDataDigest(file)).toBe(md5(data));
  });

  // numpy writes version 2 exactly when the header does not fit the 2-byte length (> 65535
  // bytes; 65588 is its shortest, padded to a 64-byte boundary); a length of 65536 needs the
  // high bytes of the 4-byte field. Spyglass loads with allow_pickle=True: no header size limit.
  it.each([
    [2, 65536],
    [3, 65536],
    [2, 65588],
    [2, 200_000],
  ] as const)('reads a v%i header of %i bytes, whose length needs all four length bytes', async (major, headerLen) => {
    const data = Buffer.from(Int32Array.from([5, -6]).buffer);
    const file = write(npy(major, dict("'<i4'", '(2,)'), data, headerLen));
    expect(await npyDataDigest(file)).toBe(md5(data));
  });

  it('decodes a v3 header as UTF-8 and older ones as latin-1', () => {
    const text = dict("[('é', '<i2')]", '(1,)');
    const data = Buffer.alloc(2);
    expect(readNpyHeader('v3.npy', npy(3, text, data)).descr).toBe("[('é', '<i2')]");
    // The same header bytes read as a v2 header are latin-1 text: 'é' is two characters there.
    const v2 = npy(3, text, data);
    v2[6] = 2;
    expect(readNpyHeader('v2.npy', v2).descr).toBe(`[('${Buffer.from('é', 'utf8').toString('latin1')}', '<i2')]`);
  });

  it('parses shapes: scalar (), one-element tuples, and several dimensions', () => {
    const head = (shape: string) => readNpyHeader('s.npy', npy(1, dict("'<i4'", shape), Buffer.alloc(0)));
    expect(head('()').shape).toEqual([]);
    expect(head('(7,)').shape).toEqual([7]);
    expect(head('(2, 3, 4)').shape).toEqual([2, 3, 4]);
    const parsed = head('(2, 3)');
    expect(parsed.fortranOrder).toBe(false);
    expect(parsed.descr).toBe('<i4');
    // magic (6) + version (2) + length (2) + header padded so the data starts on a 64-byte boundary
    expect(parsed.dataOffset % 64).toBe(0);
    expect(readNpyHeader('f.npy', npy(1, dict("'<i4'", '(2, 3)', true), Buffer.alloc(0))).fortranOrder).toBe(true);
  });

  it.each([
    // Python's literal_eval (np.load) takes any whitespace around the dict's colons and commas
    ["{'descr' : [('a', '<i4')] ,'fortran_order' : False , 'shape' : (2,) }", '(space before colons and commas)'],
    ["{'descr':[('a','<i4')],'fortran_order':False,'shape':(2,)}", '(no spaces)'],
    ["{'descr':  [('a', '<i4')],  'fortran_order':  False,  'shape':  (2,)}", '(two spaces after colons)'],
    ["{'descr' :'<i4','fortran_order' :False,'shape' :(2,)}", '(space before colons only)'],
    ["{'descr':'<i4','fortran_order':False,'shape':(2,)}", '(no spaces)'],
  ])('parses the header %s %s', async (text) => {
    const data = Buffer.from(Int32Array.from([3, -4]).buffer);
    expect(readNpyHeader('w.npy', npy(1, text, data)).shape).toEqual([2]);
    expect(await npyDataDigest(write(npy(1, text, data)))).toBe(md5(data));
  });

  it('parses a shape tuple with a space before its closing parenthesis', async () => {
    const head = (shape: string) => readNpyHeader('s.npy', npy(1, dict("'<i4'", shape), Buffer.alloc(0)));
    expect(head('(3, )').shape).toEqual([3]);
    expect(head('( 3 , )').shape).toEqual([3]);
    expect(head('(2, 3 , )').shape).toEqual([2, 3]);
    const data = Buffer.from(Int32Array.from([1, 2, 3]).buffer);
    expect(await npyDataDigest(write(npy(1, dict("'<i4'", '(3, )'), data)))).toBe(md5(data));
  });

  it.each([
    ["'f8'", 8],
    ["'i2'", 2],
    ["'u1'", 1],
  ])('takes the item size of %s, a descr without byte-order character (%i bytes an item)', async (descr, itemsize) => {
    const data = Buffer.alloc(3 * itemsize, 0xa5);
    expect(await npyDataDigest(write(npy(1, dict(descr, '(3,)'), data)))).toBe(md5(data));
  });

  it("refuses a descr spelled as a dtype name ('float64'), not reading a size from inside it", async () => {
    const file = write(npy(1, dict("'float64'", '(1,)'), Buffer.alloc(64)));
    await expect(npyDataDigest(file)).rejects.toMatchObject({
      code: 'NPY_INVALID',
      message: expect.stringContaining('unsupported dtype float64'),
    });
  });

  it('hashes a 0-d (scalar) array as its one item', async () => {
    const data = Buffer.from(Int32Array.from([-42]).buffer);
    expect(await npyDataDigest(write(npy(1, dict("'<i4'", '()'), data)))).toBe(md5(data));
  });

  it('hashes empty arrays, C or Fortran order, as no bytes', async () => {
    const empty = md5(Buffer.alloc(0));
    expect(await npyDataDigest(write(npy(1, dict("'<f8'", '(0,)'), Buffer.alloc(0))))).toBe(empty);
    expect(await npyDataDigest(write(npy(1, dict("'<f8'", '(0, 3)', true), Buffer.alloc(0))))).toBe(empty);
    expect(await npyDataDigest(write(npy(1, dict("[('a', '<i4')]", '(0,)'), Buffer.alloc(0))))).toBe(empty);
  });

  it('a 1-D Fortran-order array is its bytes as stored', async () => {
    const data = Buffer.from(Int16Array.from([1, 2, 3, 4, 5]).buffer);
    expect(await npyDataDigest(write(npy(1, dict("'<i2'", '(5,)', true), data)))).toBe(md5(data));
  });

  it('reorders a 2-D Fortran array to C order', async () => {
    // element (i, j) = 10i + j, shape (2, 3); Fortran order stores i fastest
    const f = Buffer.from(Int32Array.from([0, 10, 1, 11, 2, 12]).buffer);
    const c = Buffer.from(Int32Array.from([0, 1, 2, 10, 11, 12]).buffer);
    expect(await npyDataDigest(write(npy(1, dict("'<i4'", '(2, 3)', true), f)))).toBe(md5(c));
  });

  it.each([
    ["'<U3'", 12],
    ["'|S5'", 5],
    ["'|b1'", 1],
    ["'<c16'", 16],
    ["'>f4'", 4],
    ["'<M8[ns]'", 8],
  ])('takes the item size of %s from the descr (%i bytes an item), big-endian bytes kept', async (descr, itemsize) => {
    const data = Buffer.alloc(2 * itemsize);
    for (let i = 0; i < data.length; i += 1) data[i] = (i * 37 + 11) & 0xff;
    const file = write(npy(1, dict(descr, '(2,)'), data));
    expect(await npyDataDigest(file)).toBe(md5(data));
    // one byte short is refused, not hashed
    const short = write(npy(1, dict(descr, '(2,)'), data.subarray(0, data.length - 1)));
    await expect(npyDataDigest(short)).rejects.toMatchObject({ code: 'NPY_INVALID', message: expect.stringContaining('shorter') });
  });

  it('hashes only the data the header describes, not bytes after it', async () => {
    const data = Buffer.from(Float32Array.from([1, 2, 3, 4]).buffer);
    const file = write(npy(1, dict("'<f4'", '(2, 2)'), Buffer.concat([data, Buffer.from('trailing')])));
    expect(await npyDataDigest(file)).toBe(md5(data));
  });

  it('rejects object fields inside a structured dtype', async () => {
    const file = write(npy(1, dict("[('a', '<i4'), ('b', '|O')]", '(1,)'), Buffer.alloc(12)));
    await expect(npyDataDigest(file)).rejects.toMatchObject({ code: 'HASH_UNSUPPORTED_FILE' });
    const nested = write(npy(1, dict("[('a', [('b', '|O8')])]", '(1,)'), Buffer.alloc(8)));
    await expect(npyDataDigest(nested)).rejects.toMatchObject({ code: 'HASH_UNSUPPORTED_FILE' });
    const objectArray = write(npy(1, dict("'<O'", '(1,)'), Buffer.alloc(8)));
    await expect(npyDataDigest(objectArray)).rejects.toMatchObject({ code: 'HASH_UNSUPPORTED_FILE' });
  });

  it.each([
    ["'O'", 'a plain object descr without a byte-order character'],
    ["[('a','|O')]", 'an object field after a comma without a space'],
    ["[('a', 'O')]", 'an object field without a byte-order character'],
  ])('rejects %s (%s) as an object array', async (descr) => {
    const file = write(npy(1, dict(descr, '(1,)'), Buffer.alloc(8)));
    await expect(npyDataDigest(file)).rejects.toMatchObject({
      code: 'HASH_UNSUPPORTED_FILE',
      message: expect.stringContaining('object-dtype'),
    });
  });

  it("hashes a structured array with a field named 'O' (a name, not the object type)", async () => {
    const data = Buffer.from(Int32Array.from([7, -7]).buffer);
    expect(await npyDataDigest(write(npy(1, dict("[('O', '<i4')]", '(2,)'), data)))).toBe(md5(data));
  });

  it('names what is wrong with a malformed file', async () => {
    const reason = async (bytes: Buffer) => {
      const error = await npyDataDigest(write(bytes)).then(
        () => undefined,
        (e: unknown) => e as { code: string; message: string },
      );
      expect(error?.code).toBe('NPY_INVALID');
      return error?.message;
    };
    expect(await reason(Buffer.from('not numpy, longer than a header prefix'))).toContain('bad magic');
    expect(await reason(Buffer.from([0x93, 0x4e, 0x55, 0x4d, 0x50]))).toContain('bad magic');
    // the magic, then a file that ends inside the header-length field (2 bytes in v1, 4 in v2)
    expect(await reason(Buffer.from([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0, 0]))).toContain('truncated header');
    expect(await reason(Buffer.from([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 2, 0, 0x40, 0, 0]))).toContain('truncated header');
    // exactly ten bytes of magic, version and a length pointing past the end
    const tenBytes = Buffer.from([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0, 0x40, 0]);
    expect(await reason(tenBytes)).toContain('truncated header');
    expect(await reason(npy(1, "{'descr': '<f8', 'shape': (1,), }", Buffer.alloc(8)))).toContain('unparsable header');
    expect(await reason(npy(1, "{'fortran_order': False, 'shape': (1,), }", Buffer.alloc(8)))).toContain('unparsable header');
    expect(await reason(npy(1, "{'descr': '<f8', 'fortran_order': False, }", Buffer.alloc(8)))).toContain('unparsable header');
    expect(await reason(npy(1, dict("'weird'", '(1,)'), Buffer.alloc(8)))).toContain('unsupported dtype');
    // a structured array whose data is not a whole number of records
    expect(await reason(npy(1, dict("[('a', '<i4')]", '(3,)'), Buffer.alloc(10)))).toContain('unsupported dtype');
  });
});
