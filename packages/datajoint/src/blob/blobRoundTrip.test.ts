import { PyComplex, PyDatetime, PyDecimal, PyDict, PySet, PyTuple, PyUuid, float64Array, type BlobValue, type NdArray } from './BlobValue';
import { decodeBlob } from './decodeBlob';
import { encodeBlob } from './encodeBlob';
import { blobValueToJson, jsonToBlobValue } from './jsonBlobValue';

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');
const fromHex = (text: string) => Uint8Array.from(Buffer.from(text.replace(/\s+/g, ''), 'hex'));

describe('encodeBlob matches bytes DataJoint 0.14.9 packs', () => {
  // Expected bytes written out from blob.py's rules (protocol, codes, uint64 lengths, F order).
  it('packs a 2x3 int16 matrix in Fortran order under mYm', () => {
    const matrix: NdArray = { kind: 'ndarray', dtype: 'int16', shape: [2, 3], data: Int16Array.of(1, 2, 3, 4, 5, 6) };
    expect(hex(encodeBlob(matrix))).toBe(
      hex(
        fromHex(`6d596d00 41 0200000000000000 0200000000000000 0300000000000000 0a000000 00000000
        0100 0400 0200 0500 0300 0600`),
      ),
    );
  });

  it('packs Python ints in bit_length // 8 + 1 signed bytes', () => {
    expect(hex(encodeBlob(0n))).toBe('646a30000a010000');
    expect(hex(encodeBlob(127n))).toBe('646a30000a01007f');
    expect(hex(encodeBlob(128n))).toBe('646a30000a02008000');
    expect(hex(encodeBlob(-128n))).toBe('646a30000a020080ff');
    expect(hex(encodeBlob(-1n))).toBe('646a30000a0100ff');
  });

  it('packs None, bool, float, str, bytes and a numpy scalar under dj0', () => {
    expect(hex(encodeBlob(null))).toBe('646a3000ff');
    expect(hex(encodeBlob(true))).toBe('646a30000b01');
    expect(hex(encodeBlob(1.5))).toBe('646a30000d000000000000f83f');
    expect(hex(encodeBlob('é'))).toBe('646a3000050200000000000000c3a9');
    expect(hex(encodeBlob(Uint8Array.of(7)))).toBe('646a3000060100000000000000' + '07');
    const scalar: NdArray = { kind: 'ndarray', dtype: 'float32', shape: [], data: Float32Array.of(1) };
    expect(hex(encodeBlob(scalar))).toBe('646a3000' + '41' + '0000000000000000' + '07000000' + '00000000' + '0000803f');
  });

  it('leaves blobs of 1000 bytes or less uncompressed and compresses larger ones when that pays', () => {
    expect(hex(encodeBlob(float64Array(new Array(120).fill(0), [120])).subarray(0, 4))).toBe('6d596d00');
    const big = encodeBlob(float64Array(new Array(500).fill(0), [500]));
    expect(Buffer.from(big.subarray(0, 6)).toString('latin1')).toBe('ZL123\0');
    expect(encodeBlob(float64Array(new Array(500).fill(0), [500]), { compress: false }).length).toBe(4 + 1 + 16 + 8 + 4000);
  });
});

describe('decodeBlob ∘ encodeBlob', () => {
  const cube: NdArray = {
    kind: 'ndarray',
    dtype: 'uint64',
    shape: [2, 3, 4],
    data: BigUint64Array.from({ length: 24 }, (_, index) => BigInt(index) * 0x1_0000_0001n),
  };
  const values: Array<[string, BlobValue]> = [
    ['nested Spyglass-like params', PyDict.fromObject({ a: 1n, b: [1.5, null, true, 'x'], c: new PyTuple([2n, PyDict.fromObject({})]) })],
    ['a 3-D uint64 array', cube],
    ['a bool array', { kind: 'ndarray', dtype: 'bool', shape: [3], data: Uint8Array.of(1, 0, 1) }],
    ['a complex array', { kind: 'ndarray', dtype: 'float64', shape: [2], data: Float64Array.of(1, 2), imag: Float64Array.of(3, 4) }],
    ['an object array of strings', { kind: 'ndarray', dtype: 'object', shape: [2, 2], data: ['a', 'b', 'c', 'd'] }],
    [
      'a set, complex, decimal, uuid, datetime',
      [
        new PySet([1n]),
        new PyComplex(1, -1),
        new PyDecimal('1.10'),
        new PyUuid('a2ed3f38-d5bd-5f7b-b068-613af6364bcb'),
        new PyDatetime(20250623, 120000000000n),
      ],
    ],
    ['a huge int', -(2n ** 200n) + 3n],
    ['an empty array', float64Array([], [0, 2])],
  ];

  it.each(values)('%s survives, as bytes and as a value', (_name, value) => {
    const blob = encodeBlob(value);
    const decoded = decodeBlob(blob);
    expect(decoded).toEqual(value);
    expect(hex(encodeBlob(decoded))).toBe(hex(blob));
  });

  it('keeps a 2-D array in C order for the caller', () => {
    const decoded = decodeBlob(encodeBlob(float64Array([1, 2, 3, 4, 5, 6], [3, 2])));
    expect(blobValueToJson(decoded)).toEqual([
      [1, 2],
      [3, 4],
      [5, 6],
    ]);
  });
});

describe('JSON conversion', () => {
  it('maps JSON to the values Python code would insert and back', () => {
    const json = { frequency_min: 300, margin_ms: 5.5, names: ['a'], none: null, flag: false };
    const value = jsonToBlobValue(json);
    expect((value as PyDict).get('frequency_min')).toBe(300n);
    expect((value as PyDict).get('margin_ms')).toBe(5.5);
    expect(blobValueToJson(value)).toEqual(json);
  });

  it('refuses what JSON cannot hold', () => {
    expect(() => blobValueToJson(new PySet([]))).toThrow(expect.objectContaining({ code: 'BLOB_UNSUPPORTED' }));
    expect(() => blobValueToJson(2n ** 60n)).toThrow(expect.objectContaining({ code: 'BLOB_UNSUPPORTED' }));
  });
});

describe('decodeBlob bad input', () => {
  it.each([
    ['an unknown prefix', '00010203'],
    ['a truncated value', '646a30000d0000'],
    ['an unknown structure code', '646a300099'],
    ['trailing bytes', '646a3000ff00'],
    ['a bad zlib stream', '5a4c3132330005000000000000000102'],
  ])('rejects %s with BLOB_INVALID', (_name, text) => {
    expect(() => decodeBlob(fromHex(text))).toThrow(expect.objectContaining({ code: 'BLOB_INVALID' }));
  });

  it('names MATLAB structures it does not model', () => {
    expect(() => decodeBlob(fromHex('6d596d0053'))).toThrow(expect.objectContaining({ code: 'BLOB_UNSUPPORTED' }));
  });
});
