import { H5T, type H5Metadata } from '../h5/H5Reader';
import { array, boolEnum, compound, float, int, member, meta } from '../test-support/h5Metadata';
import { emptyDtypeRepr, h5pyTypeStr, h5TypeOrder, nativeScalarName, numpyDtype, pythonShape } from './numpyDtype';

describe('numpyDtype: numbers as h5py maps them to numpy', () => {
  it('names native integers by kind and bits, with the byte-order code in dtype.str', () => {
    expect(numpyDtype(int(4))).toEqual({ kind: 'int', itemsize: 4, name: 'int32', str: '<i4', numeric: true, littleEndian: true });
    expect(numpyDtype(int(8, { signed: false }))).toMatchObject({ kind: 'uint', name: 'uint64', str: '<u8', numeric: true });
    expect(numpyDtype(int(2))).toMatchObject({ name: 'int16', str: '<i2' });
  });

  it('gives one-byte types the | order code, native whatever the file order', () => {
    expect(numpyDtype(int(1, { littleEndian: false }))).toMatchObject({ name: 'int8', str: '|i1', littleEndian: false });
    expect(numpyDtype(int(1, { signed: false }))).toMatchObject({ name: 'uint8', str: '|u1' });
  });

  it('names big-endian types by their code, not natively', () => {
    expect(numpyDtype(int(2, { littleEndian: false }))).toMatchObject({ name: '>i2', str: '>i2', littleEndian: false });
    expect(numpyDtype(int(4, { signed: false, littleEndian: false }))).toMatchObject({ name: '>u4', str: '>u4' });
    expect(numpyDtype(float(8, { littleEndian: false }))).toMatchObject({ kind: 'float', name: '>f8', str: '>f8', numeric: true });
  });

  it('maps the three float sizes numpy has and refuses others', () => {
    expect(numpyDtype(float(2))).toMatchObject({ kind: 'float', name: 'float16', str: '<f2', itemsize: 2 });
    expect(numpyDtype(float(4))).toMatchObject({ kind: 'float', name: 'float32', str: '<f4' });
    expect(numpyDtype(float(8))).toMatchObject({ kind: 'float', name: 'float64', str: '<f8' });
    for (const size of [1, 16]) {
      expect(numpyDtype(float(size))).toEqual({
        kind: 'unsupported',
        itemsize: size,
        name: '?',
        str: '?',
        numeric: false,
        littleEndian: true,
        reason: `HDF5 type class 1 (size ${size})`,
      });
    }
  });

  it('refuses integer sizes numpy does not understand, naming the dtype h5py builds', () => {
    expect(numpyDtype(int(3))).toEqual({
      kind: 'unsupported',
      itemsize: 3,
      name: '?',
      str: '?',
      numeric: false,
      littleEndian: true,
      reason: "data type '<i3' not understood",
    });
    expect(numpyDtype(int(16, { signed: false })).reason).toBe("data type '<u16' not understood");
  });
});

describe('numpyDtype: enums', () => {
  it('reads the one-byte FALSE=0/TRUE=1 enum as numpy bool', () => {
    expect(numpyDtype(boolEnum({ FALSE: 0, TRUE: 1 }))).toEqual({
      kind: 'bool',
      itemsize: 1,
      name: 'bool',
      str: '|b1',
      numeric: false,
      littleEndian: true,
    });
    expect(numpyDtype(boolEnum({ TRUE: 1, FALSE: 0 })).kind).toBe('bool');
  });

  it('reads a FALSE=0/TRUE=1 enum of any base size as numpy bool, as h5py does (elements at the stored size)', () => {
    // h5t.pyx compares the member dict only; h5py 3.7 reads 2- and 4-byte such enums as `bool`.
    expect(numpyDtype(boolEnum({ FALSE: 0, TRUE: 1 }, 2))).toEqual({
      kind: 'bool',
      itemsize: 2,
      name: 'bool',
      str: '|b1',
      numeric: false,
      littleEndian: true,
    });
    expect(numpyDtype(boolEnum({ FALSE: 0, TRUE: 1 }, 4))).toMatchObject({ kind: 'bool', itemsize: 4, str: '|b1' });
  });

  it('reads any other enum as its integer base type', () => {
    expect(numpyDtype(boolEnum({ FALSE: 1, TRUE: 0 }))).toMatchObject({ kind: 'uint', name: 'uint8', numeric: true });
    expect(numpyDtype(boolEnum({ FALSE: 0, TRUE: 2 })).kind).toBe('uint');
    expect(numpyDtype(boolEnum({ FALSE: 0, TRUE: 1, MAYBE: 2 })).kind).toBe('uint');
    expect(numpyDtype(boolEnum({ OFF: 0, ON: 1 })).kind).toBe('uint');
    expect(numpyDtype(boolEnum({ FALSE: 0, YES: 1 })).kind).toBe('uint');
    // h5py compares the whole member dict with {FALSE: 0, TRUE: 1}: a third member or other values
    // make it an integer enum, also when FALSE and TRUE sort first.
    expect(numpyDtype(boolEnum({ FALSE: 0, TRUE: 1, ZZZ: 2 })).kind).toBe('uint');
    expect(numpyDtype(boolEnum({ FALSE: 2, TRUE: 1 })).kind).toBe('uint');
    expect(
      numpyDtype(meta({ type: H5T.enum, size: 2, signed: true, enum_type: { type: 0, nmembers: 2, members: { A: 0, B: 1 } } })),
    ).toMatchObject({
      kind: 'int',
      name: 'int16',
    });
    expect(numpyDtype(meta({ type: H5T.enum, size: 1 })).kind).toBe('uint');
  });
});

describe('numpyDtype: strings and references', () => {
  it('maps variable-length strings to object', () => {
    expect(numpyDtype(meta({ type: H5T.string, size: 4, vlen: true, cset: 1 }))).toEqual({
      kind: 'vlenstr',
      itemsize: 8,
      name: 'object',
      str: '|O',
      numeric: false,
      littleEndian: true,
      cset: 1,
    });
  });

  it('maps fixed-length strings to |S<size>, keeping the padding', () => {
    expect(numpyDtype(meta({ type: H5T.string, size: 5, cset: 0, strpad: 2 }))).toEqual({
      kind: 'bytes',
      itemsize: 5,
      name: '|S5',
      str: '|S5',
      numeric: false,
      littleEndian: true,
      cset: 0,
      strpad: 2,
    });
  });

  it('maps references to object, keeping their kind', () => {
    expect(numpyDtype(meta({ type: H5T.reference, size: 12, ref_type: 'region' }))).toEqual({
      kind: 'ref',
      itemsize: 12,
      name: 'object',
      str: '|O',
      numeric: false,
      littleEndian: true,
      refType: 'region',
    });
  });

  it('refuses the classes h5py has no numpy type for', () => {
    expect(numpyDtype(meta({ type: H5T.opaque, size: 4 }))).toMatchObject({ kind: 'unsupported', reason: 'HDF5 type class 5 (size 4)' });
    expect(numpyDtype(meta({ type: H5T.bitfield, size: 2, littleEndian: false }))).toMatchObject({
      kind: 'unsupported',
      itemsize: 2,
      littleEndian: false,
      reason: 'HDF5 type class 4 (size 2)',
    });
  });
});

describe('numpyDtype: compounds', () => {
  it('reads an r/i pair of equal floats as complex', () => {
    expect(numpyDtype(compound(16, [member('r', 0, float(8)), member('i', 8, float(8))]))).toEqual({
      kind: 'complex',
      itemsize: 16,
      name: 'complex128',
      str: '<c16',
      numeric: true,
      littleEndian: true,
    });
    expect(numpyDtype(compound(8, [member('r', 0, float(4)), member('i', 4, float(4))]))).toMatchObject({
      kind: 'complex',
      name: 'complex64',
      str: '<c8',
      itemsize: 8,
    });
    const be = float(8, { littleEndian: false });
    expect(numpyDtype(compound(16, [member('r', 0, be), member('i', 8, be)]))).toMatchObject({
      kind: 'complex',
      name: '>c16',
      str: '>c16',
      littleEndian: false,
    });
  });

  it('keeps anything short of that exact layout a compound', () => {
    const notComplex = [
      compound(16, [member('re', 0, float(8)), member('i', 8, float(8))]),
      compound(16, [member('r', 0, float(8)), member('im', 8, float(8))]),
      compound(16, [member('i', 0, float(8)), member('r', 8, float(8))]),
      compound(24, [member('r', 0, float(8)), member('i', 8, float(8)), member('x', 16, float(8))]),
      compound(8, [member('r', 0, float(8))]),
      compound(16, [member('r', 0, int(8)), member('i', 8, float(8))]),
      compound(16, [member('r', 0, float(8)), member('i', 8, int(8))]),
      compound(12, [member('r', 0, float(8)), member('i', 8, float(4))]),
      // unequal floats padded to twice the first one's size
      compound(16, [member('r', 0, float(8)), member('i', 8, float(4))]),
      compound(16, [member('r', 0, float(8)), member('i', 8, float(8, { littleEndian: false }))]),
      // Known gap: h5py reads the three padded layouts below as complex128 (it checks names and
      // part types only); here they stay compounds.
      compound(24, [member('r', 8, float(8)), member('i', 16, float(8))]),
      compound(24, [member('r', 0, float(8)), member('i', 16, float(8))]),
      compound(24, [member('r', 0, float(8)), member('i', 8, float(8))]),
    ];
    for (const m of notComplex) expect(numpyDtype(m).kind).toBe('compound');
  });

  it('prints fields as numpy does and sizes dtype.str with 8-byte objects', () => {
    const vlen = meta({ type: H5T.string, size: 4, vlen: true });
    const d = numpyDtype(
      compound(22, [
        member('a', 0, int(4)),
        member('s', 4, vlen),
        member('b', 8, boolEnum({ FALSE: 0, TRUE: 1 })),
        member('t', 9, meta({ type: H5T.string, size: 3 })),
        member('r', 12, meta({ type: H5T.reference, size: 8, ref_type: 'object' })),
        member('u', 20, int(2, { signed: false, littleEndian: false })),
      ]),
    );
    expect(d).toEqual({
      kind: 'compound',
      itemsize: 22,
      name: "[('a', '<i4'), ('s', 'O'), ('b', '?'), ('t', 'S3'), ('r', 'O'), ('u', '>u2')]",
      str: '|V26',
      numeric: false,
      littleEndian: true,
    });
  });

  it('nests compounds and subarrays, counting nested vlen strings in dtype.str', () => {
    const vlen = meta({ type: H5T.string, size: 4, vlen: true });
    const inner = compound(8, [member('x', 0, int(4)), member('s', 4, vlen)]);
    const vector = meta({ type: H5T.array, size: 12, array_type: { ...float(4), shape: [3] } as H5Metadata });
    const d = numpyDtype(compound(24, [member('p', 0, inner), member('v', 8, vector), member('w', 20, vlen)]));
    expect(d.name).toBe("[('p', [('x', '<i4'), ('s', 'O')]), ('v', '<f4', (3,)), ('w', 'O')]");
    expect(d.str).toBe('|V32');
  });

  it('refuses a compound with a member numpy cannot hold, naming it', () => {
    const d = numpyDtype(compound(20, [member('a', 0, int(4)), member('big', 4, int(16))]));
    expect(d).toMatchObject({ kind: 'unsupported', reason: "compound member 'big': data type '<i16' not understood" });
  });
});

describe('numpyDtype: HDF5 ARRAY types', () => {
  it('maps an ARRAY to its base type and element shape', () => {
    const base = int(4);
    const d = numpyDtype(meta({ type: H5T.array, size: 24, array_type: { ...base, shape: [2, 3] } as H5Metadata }));
    expect(d).toEqual({
      kind: 'array',
      itemsize: 24,
      name: "('<i4', (2, 3))",
      str: '|V24',
      numeric: false,
      littleEndian: true,
      base: numpyDtype(base),
      subshape: [2, 3],
    });
    const strings = meta({
      type: H5T.array,
      size: 16,
      array_type: { ...meta({ type: H5T.string, size: 4, vlen: true }), shape: [2] } as H5Metadata,
    });
    expect(numpyDtype(strings).name).toBe("('O', (2,))");
  });

  it('refuses ARRAYs of ARRAYs, of unsupported types and without a base type', () => {
    const inner = meta({ type: H5T.array, size: 8, array_type: { ...int(4), shape: [2] } as H5Metadata });
    expect(numpyDtype(meta({ type: H5T.array, size: 16, array_type: { ...inner, shape: [2] } as H5Metadata }))).toMatchObject({
      kind: 'unsupported',
      reason: 'ARRAY of ARRAY',
    });
    expect(numpyDtype(meta({ type: H5T.array, size: 32, array_type: { ...int(16), shape: [2] } as H5Metadata }))).toMatchObject({
      kind: 'unsupported',
      reason: "ARRAY of data type '<i16' not understood",
    });
    expect(numpyDtype(meta({ type: H5T.array, size: 8 }))).toMatchObject({ kind: 'unsupported', reason: 'HDF5 type class 10 (size 8)' });
  });
});

describe('h5TypeOrder (when h5wasm converts data to little-endian)', () => {
  it('reports the order of number-like classes', () => {
    for (const type of [H5T.integer, H5T.float, H5T.enum, H5T.bitfield, H5T.time]) {
      expect(h5TypeOrder(meta({ type, size: 4 }))).toBe('le');
      expect(h5TypeOrder(meta({ type, size: 4, littleEndian: false }))).toBe('be');
    }
  });

  it('has no order for strings, references and opaque data', () => {
    for (const type of [H5T.string, H5T.reference, H5T.opaque])
      expect(h5TypeOrder(meta({ type, size: 4, littleEndian: false }))).toBe('none');
  });

  it('takes an ARRAY’s order from its base type', () => {
    expect(
      h5TypeOrder(meta({ type: H5T.array, size: 8, array_type: { ...int(4, { littleEndian: false }), shape: [2] } as H5Metadata })),
    ).toBe('be');
    expect(h5TypeOrder(meta({ type: H5T.array, size: 8, littleEndian: false }))).toBe('none');
  });

  it('gives a compound its members’ common order, ignoring members without one', () => {
    const str = meta({ type: H5T.string, size: 3, littleEndian: false });
    const be = int(4, { littleEndian: false });
    expect(h5TypeOrder(compound(7, [member('s', 0, str), member('x', 3, be)]))).toBe('be');
    expect(h5TypeOrder(compound(8, [member('x', 0, be), member('y', 4, be)]))).toBe('be');
    expect(h5TypeOrder(compound(8, [member('x', 0, int(4)), member('s', 4, str)]))).toBe('le');
    expect(h5TypeOrder(compound(3, [member('s', 0, str)]))).toBe('none');
    expect(h5TypeOrder(compound(0, []))).toBe('none');
  });

  it('is mixed when members disagree, also inside a nested compound', () => {
    const be = int(4, { littleEndian: false });
    expect(h5TypeOrder(compound(8, [member('x', 0, int(4)), member('y', 4, be)]))).toBe('mixed');
    expect(h5TypeOrder(compound(8, [member('y', 0, be), member('x', 4, int(4))]))).toBe('mixed');
    const mixed = compound(8, [member('x', 0, int(4)), member('y', 4, be)]);
    expect(h5TypeOrder(compound(12, [member('m', 0, mixed), member('z', 8, int(4))]))).toBe('mixed');
    expect(h5TypeOrder(compound(12, [member('z', 0, be), member('m', 4, mixed)]))).toBe('mixed');
  });
});

describe('names numpy prints for scalars, Empty and shapes', () => {
  it('nativeScalarName: numbers by kind and bits whatever the order, the rest by name', () => {
    expect(nativeScalarName(numpyDtype(int(4, { littleEndian: false })))).toBe('int32');
    expect(nativeScalarName(numpyDtype(int(2, { signed: false, littleEndian: false })))).toBe('uint16');
    expect(nativeScalarName(numpyDtype(float(8, { littleEndian: false })))).toBe('float64');
    const be = float(4, { littleEndian: false });
    expect(nativeScalarName(numpyDtype(compound(8, [member('r', 0, be), member('i', 4, be)])))).toBe('complex64');
    expect(nativeScalarName(numpyDtype(boolEnum({ FALSE: 0, TRUE: 1 })))).toBe('bool');
    expect(nativeScalarName(numpyDtype(meta({ type: H5T.string, size: 5 })))).toBe('|S5');
    expect(nativeScalarName(numpyDtype(meta({ type: H5T.string, size: 4, vlen: true })))).toBe('object');
  });

  it('emptyDtypeRepr: the dtype inside repr(h5py.Empty), as h5py 3.7 prints it', () => {
    expect(emptyDtypeRepr(numpyDtype(float(4, { littleEndian: false })))).toBe("dtype('>f4')");
    expect(emptyDtypeRepr(numpyDtype(float(8)))).toBe("dtype('<f8')");
    expect(emptyDtypeRepr(numpyDtype(int(8)))).toBe("dtype('int64')");
    expect(emptyDtypeRepr(numpyDtype(int(1, { signed: false })))).toBe("dtype('uint8')");
    expect(emptyDtypeRepr(numpyDtype(boolEnum({ FALSE: 0, TRUE: 1 })))).toBe("dtype('bool')");
    expect(emptyDtypeRepr(numpyDtype(meta({ type: H5T.string, size: 3 })))).toBe("dtype('S3')");
    expect(emptyDtypeRepr(numpyDtype(meta({ type: H5T.string, size: 4, vlen: true })))).toBe("dtype('O')");
    expect(emptyDtypeRepr(numpyDtype(meta({ type: H5T.reference, size: 8 })))).toBe("dtype('O')");
    expect(emptyDtypeRepr(numpyDtype(compound(16, [member('r', 0, float(8)), member('i', 8, float(8))])))).toBe("dtype('complex128')");
    const bigComplex = compound(16, [member('r', 0, float(8, { littleEndian: false })), member('i', 8, float(8, { littleEndian: false }))]);
    expect(emptyDtypeRepr(numpyDtype(bigComplex))).toBe("dtype('>c16')");
    expect(emptyDtypeRepr(numpyDtype(compound(6, [member('a', 0, int(4)), member('b', 4, int(2))])))).toBe(
      "dtype([('a', '<i4'), ('b', '<i2')])",
    );
  });

  it('pythonShape: Python tuple text', () => {
    expect(pythonShape([])).toBe('()');
    expect(pythonShape([5])).toBe('(5,)');
    expect(pythonShape([2, 3])).toBe('(2, 3)');
    expect(pythonShape([0, 1, 4])).toBe('(0, 1, 4)');
  });
});

describe('numpyDtype: a structured dtype that is not packed prints in numpy dict form', () => {
  // Expected texts: `str(h5py.File(...)[name].dtype)` and `.dtype.str` on files h5py 3.7 /
  // numpy 1.24.2 wrote here (Debian python3-h5py); the metadata is what h5wasm reports for
  // those files (wasm32: a vlen string member takes 4 bytes, 8 in numpy).
  const vlenString = meta({ type: H5T.string, size: 4, vlen: true, cset: 1 } as Partial<H5Metadata>);
  it.each([
    ['packed', compound(6, [member('a', 0, int(4)), member('b', 4, int(2))]), "[('a', '<i4'), ('b', '<i2')]", '|V6'],
    [
      'a gap between fields',
      compound(16, [member('a', 0, int(4)), member('b', 8, int(2))]),
      "{'names': ['a', 'b'], 'formats': ['<i4', '<i2'], 'offsets': [0, 8], 'itemsize': 16}",
      '|V16',
    ],
    [
      'padding after the last field only',
      compound(8, [member('a', 0, int(4)), member('b', 4, int(2))]),
      "{'names': ['a', 'b'], 'formats': ['<i4', '<i2'], 'offsets': [0, 4], 'itemsize': 8}",
      '|V8',
    ],
    [
      'members out of offset order',
      compound(6, [member('a', 2, int(4)), member('b', 0, int(2))]),
      "{'names': ['a', 'b'], 'formats': ['<i4', '<i2'], 'offsets': [2, 0], 'itemsize': 6}",
      '|V6',
    ],
    [
      'a padded compound nested in a packed one',
      compound(12, [
        member('x', 0, float(8)),
        member('n', 8, compound(4, [member('p', 0, int(2)), member('q', 3, int(1, { signed: false }))])),
      ]),
      "[('x', '<f8'), ('n', {'names': ['p', 'q'], 'formats': ['<i2', 'u1'], 'offsets': [0, 3], 'itemsize': 4})]",
      '|V12',
    ],
    [
      'a subarray field',
      compound(20, [member('v', 0, array(float(4), [3])), member('w', 16, int(1, { signed: false }))]),
      "{'names': ['v', 'w'], 'formats': [('<f4', (3,)), 'u1'], 'offsets': [0, 16], 'itemsize': 20}",
      '|V20',
    ],
    [
      'a vlen string before a gap (numpy offsets 4 bytes further per vlen string before)',
      compound(20, [member('s', 0, vlenString), member('b', 12, int(4))]),
      "{'names': ['s', 'b'], 'formats': ['O', '<i4'], 'offsets': [0, 16], 'itemsize': 24}",
      '|V24',
    ],
    ['a packed vlen string', compound(8, [member('s', 0, vlenString), member('b', 4, int(4))]), "[('s', 'O'), ('b', '<i4')]", '|V12'],
    [
      'big-endian fields with a gap',
      compound(16, [member('a', 0, int(4, { littleEndian: false })), member('b', 8, float(8, { littleEndian: false }))]),
      "{'names': ['a', 'b'], 'formats': ['>i4', '>f8'], 'offsets': [0, 8], 'itemsize': 16}",
      '|V16',
    ],
  ])('%s', (_what, m, name, str) => {
    expect(numpyDtype(m)).toMatchObject({ kind: 'compound', name, str });
  });

  it('an Empty attribute of a padded compound shows the dict form in its repr', () => {
    const padded = numpyDtype(compound(16, [member('a', 0, int(4)), member('b', 8, int(2))]));
    expect(emptyDtypeRepr(padded)).toBe("dtype({'names': ['a', 'b'], 'formats': ['<i4', '<i2'], 'offsets': [0, 8], 'itemsize': 16})");
  });
});

describe('numpyDtype: an {r, i} compound of float16 parts', () => {
  // h5py 3.7 asks numpy for `c` of twice the part size; `'<c4'` does not exist, so reading the
  // type raises TypeError (checked here on files h5py wrote: dataset, scalar dataset, attribute).
  it.each([
    [true, "data type '<c4' not understood"],
    [false, "data type '>c4' not understood"],
  ])('is a type h5py cannot read (little-endian %s)', (littleEndian, reason) => {
    const half = float(2, { littleEndian });
    expect(numpyDtype(compound(4, [member('r', 0, half), member('i', 2, half)]))).toMatchObject({ kind: 'unsupported', reason });
  });
});

describe('h5pyTypeStr: the type text of a dataset in a group listing', () => {
  // Expected: `repr(group[name])` of datasets h5py 3.7 wrote here (H5T_STD_B8LE/B16LE/B16BE/B32LE,
  // opaque `V5`, vlen float64): `type "|u1"`, `"<u2"`, `">u2"`, `"<u4"`, `"|V5"`, `"|O"`.
  it.each([
    ['a 1-byte bitfield', meta({ type: H5T.bitfield, size: 1 }), '|u1'],
    ['a little-endian 2-byte bitfield', meta({ type: H5T.bitfield, size: 2 }), '<u2'],
    ['a big-endian 2-byte bitfield', meta({ type: H5T.bitfield, size: 2, littleEndian: false }), '>u2'],
    ['a 4-byte bitfield', meta({ type: H5T.bitfield, size: 4 }), '<u4'],
    ['opaque data', meta({ type: H5T.opaque, size: 5 }), '|V5'],
    ['a variable-length sequence', meta({ type: H5T.vlen, size: 8 }), '|O'],
    ['a mapped type', float(8, { littleEndian: false }), '>f8'],
  ])('%s', (_what, m, str) => {
    expect(h5pyTypeStr(m, numpyDtype(m))).toBe(str);
  });

  it('is undefined for a type whose text is not known here (the hasher then refuses, never prints a guess)', () => {
    const time = meta({ type: H5T.time, size: 8 });
    expect(numpyDtype(time).kind).toBe('unsupported');
    expect(h5pyTypeStr(time, numpyDtype(time))).toBeUndefined();
  });
});
