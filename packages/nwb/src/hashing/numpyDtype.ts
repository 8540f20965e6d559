import type { H5Metadata } from '../h5/H5Reader';
import { H5T } from '../h5/H5Reader';

/** How h5py 3.7 maps an HDF5 datatype onto numpy, as far as the hasher needs it. */
export interface NumpyDtype {
  kind: 'int' | 'uint' | 'float' | 'complex' | 'bool' | 'bytes' | 'vlenstr' | 'ref' | 'compound' | 'array' | 'unsupported';
  /** numpy itemsize in bytes (HDF5 size for numeric/fixed types). */
  itemsize: number;
  /** `str(dtype)`: `float64`, `>f8`, `|S5`, `object`, `bool`, `[('a', '<i4'), ('b', '<f8')]`. */
  name: string;
  /** `dtype.str`: `<f8`, `|i1`, `|O`, `|b1`, `|S5`, `|V12`, `>f8`. */
  str: string;
  /** `np.issubdtype(dtype, np.number)`: ints, floats, enums; not bool. */
  numeric: boolean;
  /** Byte order in the file (data read through h5wasm is always little-endian). */
  littleEndian: boolean;
  /** `'object' | 'region'` for references. */
  refType?: 'object' | 'region';
  /** 1 = UTF-8, 0 = ASCII (strings). */
  cset?: number;
  /** HDF5 padding of fixed-length strings (0 NULLTERM, 1 NULLPAD, 2 SPACEPAD). */
  strpad?: number;
  /** Why the type is unsupported (kind `unsupported`). */
  reason?: string;
  /** Element type of an HDF5 ARRAY type (kind `array`), which h5py reads as extra trailing axes. */
  base?: NumpyDtype;
  /** Shape of one ARRAY element (kind `array`). */
  subshape?: number[];
}

/**
 * h5py reads an enum whose members are exactly `{FALSE: 0, TRUE: 1}` as numpy bool, whatever its
 * base type's size (h5t.pyx compares the member dict only; checked with h5py 3.7: 1-, 2- and
 * 4-byte bases all read as `bool`).
 */
function isBoolEnum(meta: H5Metadata): boolean {
  const members = meta.enum_type?.members ?? {};
  const names = Object.keys(members).sort();
  return names.length === 2 && names[0] === 'FALSE' && names[1] === 'TRUE' && members.FALSE === 0 && members.TRUE === 1;
}

function orderChar(size: number, littleEndian: boolean): string {
  if (size === 1) return '|';
  return littleEndian ? '<' : '>';
}

/** numpy type of a number-like HDF5 type (integer, float, enum base). */
function numberDtype(cls: 'int' | 'uint' | 'float', size: number, littleEndian: boolean): NumpyDtype {
  if (cls !== 'float' && size !== 1 && size !== 2 && size !== 4 && size !== 8) {
    // h5py builds np.dtype('>u16'), which numpy refuses with a TypeError.
    const reason = `data type '${littleEndian ? '<' : '>'}${cls === 'int' ? 'i' : 'u'}${size}' not understood`;
    return { kind: 'unsupported', itemsize: size, name: '?', str: '?', numeric: false, littleEndian, reason };
  }
  const letter = cls === 'int' ? 'i' : cls === 'uint' ? 'u' : 'f';
  const str = `${orderChar(size, littleEndian)}${letter}${size}`;
  const native = size === 1 || littleEndian;
  const name = native ? `${cls === 'int' ? 'int' : cls === 'uint' ? 'uint' : 'float'}${size * 8}` : str;
  return { kind: cls, itemsize: size, name, str, numeric: true, littleEndian };
}

/** numpy's text for a (sub)type inside a compound or subarray dtype: `'<i4'`, `'O'`, `'S3'`, `[('x', '<i2')]`. */
function innerDescr(d: NumpyDtype): string {
  switch (d.kind) {
    case 'ref':
    case 'vlenstr':
      return "'O'";
    case 'bool':
      return "'?'";
    case 'compound':
      return d.name;
    default:
      return `'${d.str.replace(/^\|/, '')}'`;
  }
}

/** One field of a compound dtype as numpy prints it: `('a', '<i4')`, `('v', '<f4', (3,))`. */
function fieldDescr(name: string, d: NumpyDtype): string {
  if (d.kind === 'array') return `('${name}', ${innerDescr(d.base as NumpyDtype)}, ${pythonShape(d.subshape as number[])})`;
  return `('${name}', ${innerDescr(d)})`;
}

/**
 * HDF5 byte order of a type as `H5Tget_order` reports it (h5wasm converts data to
 * little-endian only when this is big-endian): strings and references have none; a
 * compound has its members' common order, or `mixed`.
 */
export function h5TypeOrder(meta: H5Metadata): 'none' | 'le' | 'be' | 'mixed' {
  switch (meta.type) {
    case H5T.integer:
    case H5T.float:
    case H5T.enum:
    case H5T.bitfield:
    case H5T.time:
      return meta.littleEndian ? 'le' : 'be';
    case H5T.array:
      return meta.array_type ? h5TypeOrder(meta.array_type as H5Metadata) : 'none';
    case H5T.compound: {
      let order: 'none' | 'le' | 'be' | 'mixed' = 'none';
      for (const m of meta.compound_type?.members ?? []) {
        const o = h5TypeOrder(m as unknown as H5Metadata);
        if (o === 'none') continue;
        if (o === 'mixed') return 'mixed';
        if (order === 'none') order = o;
        else if (o !== order) return 'mixed';
      }
      return order;
    }
    default:
      return 'none';
  }
}

/** Number of variable-length strings a type holds: itself, or its compound's members, nested ones included. */
function vlenCount(meta: H5Metadata): number {
  if (meta.type === H5T.string) return meta.vlen ? 1 : 0;
  let n = 0;
  for (const m of meta.compound_type?.members ?? []) n += vlenCount(m as unknown as H5Metadata);
  return n;
}

/**
 * A type's size in h5py's numpy dtype: h5wasm's (wasm32) layout holds 4-byte pointers for vlen
 * strings, numpy 8-byte objects, which `dtype.str` (`|V12`) and the field offsets show.
 */
function numpySize(meta: H5Metadata): number {
  return meta.size + 4 * vlenCount(meta);
}

/** One field of a structured dtype: its numpy offset and size (vlen strings as 8-byte objects). */
interface StructField {
  name: string;
  dtype: NumpyDtype;
  offset: number;
  size: number;
}

/**
 * `str(dtype)` of a structured dtype as numpy 1.24 prints it: the list form `[('a', '<i4'), …]`
 * when the fields are packed in order (`_is_packed`: each at the end of the one before, nothing
 * after the last), else the dict form with offsets and itemsize (padding, HDF5 member order).
 */
function structDescr(fields: StructField[], itemsize: number): string {
  let end = 0;
  let packed = true;
  for (const f of fields) {
    if (f.offset !== end) packed = false;
    end += f.size;
  }
  if (packed && end === itemsize) return `[${fields.map((f) => fieldDescr(f.name, f.dtype)).join(', ')}]`;
  const format = (d: NumpyDtype): string =>
    d.kind === 'array' ? `(${innerDescr(d.base as NumpyDtype)}, ${pythonShape(d.subshape as number[])})` : innerDescr(d);
  return (
    `{'names': [${fields.map((f) => `'${f.name}'`).join(', ')}], 'formats': [${fields.map((f) => format(f.dtype)).join(', ')}], ` +
    `'offsets': [${fields.map((f) => f.offset).join(', ')}], 'itemsize': ${itemsize}}`
  );
}

/** h5py reads a compound of two equal floats named `r` and `i` as numpy complex. */
function complexDtype(meta: H5Metadata): NumpyDtype | undefined {
  const members = meta.compound_type?.members ?? [];
  if (members.length !== 2 || members[0].name !== 'r' || members[1].name !== 'i') return undefined;
  const [r, i] = members;
  if (r.type !== H5T.float || i.type !== H5T.float || r.size !== i.size || r.littleEndian !== i.littleEndian) return undefined;
  // h5py asks numpy for `c` of twice the part size whatever that is: float16 parts make '<c4',
  // which numpy does not know, so h5py raises TypeError wherever the type is read.
  if (r.size === 2) return unsupported(meta, `data type '${r.littleEndian ? '<' : '>'}c4' not understood`);
  if ((r.size !== 4 && r.size !== 8) || r.offset !== 0 || i.offset !== r.size || meta.size !== 2 * r.size) return undefined;
  const size = 2 * r.size;
  const str = `${r.littleEndian ? '<' : '>'}c${size}`;
  return {
    kind: 'complex',
    itemsize: size,
    name: r.littleEndian ? `complex${size * 8}` : str,
    str,
    numeric: true,
    littleEndian: r.littleEndian,
  };
}

/**
 * `dtype.str` as h5py shows it in a dataset's repr (a group's child listing), also for types whose
 * values this hasher does not map: a bitfield is an unsigned integer of its size (`|u1`, `<u2`),
 * opaque data is `|V{size}`, a variable-length sequence an object (`|O`). Undefined for a type
 * whose text is not known here.
 */
export function h5pyTypeStr(meta: H5Metadata, dtype: NumpyDtype): string | undefined {
  if (dtype.kind !== 'unsupported') return dtype.str;
  switch (meta.type) {
    case H5T.bitfield:
      return `${orderChar(meta.size, meta.littleEndian)}u${meta.size}`;
    case H5T.opaque:
      return `|V${meta.size}`;
    case H5T.vlen:
      return '|O';
    default:
      return undefined;
  }
}

/** Why the values of a type {@link holdsBigEndianEnum} says yes to cannot be read. */
export const BIG_ENDIAN_ENUM_REASON =
  "its type holds a big-endian enum, which h5wasm's HDF5 cannot convert (H5Tset_order: can't set order)";

/**
 * Whether values of this type hold a big-endian enum (itself, or inside a compound or ARRAY).
 * h5py reads them, but the HDF5 library inside h5wasm refuses to convert one to native order
 * (`H5Tset_order(): can't set order`), so no value of such a type can be read here.
 */
export function holdsBigEndianEnum(meta: H5Metadata): boolean {
  switch (meta.type) {
    case H5T.enum:
      return !meta.littleEndian;
    case H5T.array:
      return meta.array_type !== undefined && holdsBigEndianEnum(meta.array_type as H5Metadata);
    case H5T.compound:
      return (meta.compound_type?.members ?? []).some((m) => holdsBigEndianEnum(m as unknown as H5Metadata));
    default:
      return false;
  }
}

/** Maps h5wasm metadata to the numpy dtype h5py would produce. */
export function numpyDtype(meta: H5Metadata): NumpyDtype {
  const { type, size, littleEndian } = meta;
  switch (type) {
    case H5T.integer:
      return numberDtype(meta.signed ? 'int' : 'uint', size, littleEndian);
    case H5T.float:
      if (size !== 2 && size !== 4 && size !== 8) break;
      return numberDtype('float', size, littleEndian);
    case H5T.enum:
      // itemsize: the stored size (raw elements are read at the file's stride); numpy's bool is `|b1`.
      if (isBoolEnum(meta)) return { kind: 'bool', itemsize: size, name: 'bool', str: '|b1', numeric: false, littleEndian };
      return numberDtype(meta.signed ? 'int' : 'uint', size, littleEndian);
    case H5T.string:
      if (meta.vlen)
        return { kind: 'vlenstr', itemsize: 8, name: 'object', str: '|O', numeric: false, littleEndian: true, cset: meta.cset };
      return {
        kind: 'bytes',
        itemsize: size,
        name: `|S${size}`,
        str: `|S${size}`,
        numeric: false,
        littleEndian: true,
        cset: meta.cset,
        strpad: meta.strpad,
      };
    case H5T.reference:
      return { kind: 'ref', itemsize: size, name: 'object', str: '|O', numeric: false, littleEndian: true, refType: meta.ref_type };
    case H5T.compound: {
      const complex = complexDtype(meta);
      if (complex !== undefined) return complex;
      const members = meta.compound_type?.members ?? [];
      const fields: StructField[] = [];
      for (const m of members) {
        const d = numpyDtype(m as unknown as H5Metadata);
        if (d.kind === 'unsupported') return unsupported(meta, `compound member '${m.name}': ${d.reason}`);
        // Members placed before this one that hold vlen strings are 4 bytes longer each in numpy.
        const widened = members.filter((o) => o.offset < m.offset).reduce((n, o) => n + vlenCount(o as unknown as H5Metadata), 0);
        fields.push({ name: m.name, dtype: d, offset: m.offset + 4 * widened, size: numpySize(m as unknown as H5Metadata) });
      }
      const itemsize = numpySize(meta);
      return {
        kind: 'compound',
        itemsize: size,
        name: structDescr(fields, itemsize),
        str: `|V${itemsize}`,
        numeric: false,
        littleEndian: true,
      };
    }
    case H5T.array: {
      const baseMeta = meta.array_type as (H5Metadata & { shape: number[] }) | undefined;
      if (baseMeta === undefined) break;
      const base = numpyDtype(baseMeta);
      if (base.kind === 'unsupported' || base.kind === 'array') return unsupported(meta, `ARRAY of ${base.reason ?? 'ARRAY'}`);
      const subshape = baseMeta.shape;
      return {
        kind: 'array',
        itemsize: size,
        name: `(${innerDescr(base)}, ${pythonShape(subshape)})`,
        str: `|V${size}`,
        numeric: false,
        littleEndian: true,
        base,
        subshape,
      };
    }
    default:
      break;
  }
  return unsupported(meta, `HDF5 type class ${type} (size ${size})`);
}

function unsupported(meta: H5Metadata, reason: string): NumpyDtype {
  return { kind: 'unsupported', itemsize: meta.size, name: '?', str: '?', numeric: false, littleEndian: meta.littleEndian, reason };
}

/**
 * `str(dtype)` of a numpy scalar read from this type: h5py returns big-endian scalars as
 * native numpy scalars (`>f2` → `float16`).
 */
export function nativeScalarName(dtype: NumpyDtype): string {
  if (dtype.kind !== 'int' && dtype.kind !== 'uint' && dtype.kind !== 'float' && dtype.kind !== 'complex') return dtype.name;
  return `${dtype.kind}${dtype.itemsize * 8}`;
}

/**
 * `repr` of the dtype h5py gives an `h5py.Empty` attribute, as `repr(h5py.Empty)` shows it:
 * `dtype('<f8')` (floats with their byte order), `dtype('int64')`, `dtype('complex128')` (the
 * name; `dtype('>c16')` when big-endian), `dtype('S7')`, `dtype('O')`, and a compound's field list
 * unquoted: `dtype([('a', '<i4'), ('b', '<i2')])` (checked against h5py 3.7).
 */
export function emptyDtypeRepr(dtype: NumpyDtype): string {
  switch (dtype.kind) {
    case 'float':
      return `dtype('${dtype.str}')`;
    case 'int':
    case 'uint':
    case 'complex':
      return `dtype('${dtype.name}')`;
    case 'bool':
      return "dtype('bool')";
    case 'bytes':
      return `dtype('S${dtype.itemsize}')`;
    case 'vlenstr':
    case 'ref':
      return "dtype('O')";
    case 'compound':
      return `dtype(${dtype.name})`;
    default:
      return `dtype('${dtype.str}')`;
  }
}

/** Python tuple text of a shape: `()`, `(5,)`, `(2, 3)`. */
export function pythonShape(shape: readonly number[]): string {
  if (shape.length === 1) return `(${shape[0]},)`;
  return `(${shape.join(', ')})`;
}
