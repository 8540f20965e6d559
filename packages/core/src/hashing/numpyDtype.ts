import type { H5Metadata } from '../h5/H5Reader';
import { H5T } from '../h5/H5Reader';

/** How h5py 3.7 maps an HDF5 datatype onto numpy, as far as the hasher needs it. */
export interface NumpyDtype {
  kind: 'int' | 'uint' | 'float' | 'bool' | 'bytes' | 'vlenstr' | 'ref' | 'compound' | 'unsupported';
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
}

function isBoolEnum(meta: H5Metadata): boolean {
  const members = meta.enum_type?.members ?? {};
  const names = Object.keys(members).sort();
  return meta.size === 1 && names.length === 2 && names[0] === 'FALSE' && names[1] === 'TRUE' && members.FALSE === 0 && members.TRUE === 1;
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

/** numpy `descr` text of one compound member, as `str(dtype)` prints it (`'<i4'`, `'O'`). */
function memberDescr(meta: H5Metadata): string | undefined {
  const d = numpyDtype(meta);
  if (d.kind === 'ref' || d.kind === 'vlenstr') return 'O';
  if (d.kind === 'bool') return '?';
  if (d.kind === 'compound' || d.kind === 'unsupported') return undefined;
  return d.str;
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
      if (isBoolEnum(meta)) return { kind: 'bool', itemsize: 1, name: 'bool', str: '|b1', numeric: false, littleEndian: true };
      return numberDtype(meta.signed ? 'int' : 'uint', size, littleEndian);
    case H5T.string:
      if (meta.vlen) return { kind: 'vlenstr', itemsize: 8, name: 'object', str: '|O', numeric: false, littleEndian: true, cset: meta.cset };
      return { kind: 'bytes', itemsize: size, name: `|S${size}`, str: `|S${size}`, numeric: false, littleEndian: true, cset: meta.cset, strpad: meta.strpad };
    case H5T.reference:
      return { kind: 'ref', itemsize: size, name: 'object', str: '|O', numeric: false, littleEndian: true, refType: meta.ref_type };
    case H5T.compound: {
      const members = meta.compound_type?.members ?? [];
      const parts: string[] = [];
      for (const m of members) {
        const descr = memberDescr(m);
        if (descr === undefined) return unsupported(meta, `compound member '${m.name}' has a nested or unsupported type`);
        parts.push(`('${m.name}', '${descr}')`);
      }
      return { kind: 'compound', itemsize: size, name: `[${parts.join(', ')}]`, str: `|V${size}`, numeric: false, littleEndian: true };
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
  if (dtype.kind !== 'int' && dtype.kind !== 'uint' && dtype.kind !== 'float') return dtype.name;
  return `${dtype.kind}${dtype.itemsize * 8}`;
}

/**
 * The dtype inside `repr(h5py.Empty)`: floats are non-builtin numpy dtypes (`'<f8'`), the
 * others print by name (`int16`, `bool`, `S7`, `O`); big-endian keeps its code (`'>u4'`).
 */
export function emptyDtypeRepr(dtype: NumpyDtype): string {
  switch (dtype.kind) {
    case 'float':
      return dtype.str;
    case 'int':
    case 'uint':
      return dtype.name;
    case 'bool':
      return 'bool';
    case 'bytes':
      return `S${dtype.itemsize}`;
    case 'vlenstr':
    case 'ref':
      return 'O';
    default:
      return dtype.str;
  }
}

/** Python tuple text of a shape: `()`, `(5,)`, `(2, 3)`. */
export function pythonShape(shape: readonly number[]): string {
  if (shape.length === 1) return `(${shape[0]},)`;
  return `(${shape.join(', ')})`;
}
