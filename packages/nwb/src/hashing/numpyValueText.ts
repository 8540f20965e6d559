/**
 * Python/numpy text of values Spyglass hashes through `str()`: compound scalars
 * (`str(np.void)`), complex scalars and scalar HDF5 ARRAY values (`str(ndarray)`).
 */
import type { H5Metadata } from '../h5/H5Reader';
import {
  numpyArrayStr,
  numpyBoolFormatter,
  numpyFloatFormatter,
  numpyIntFormatter,
  numpySubArrayText,
} from '../python-format/numpyArrayFormat';
import type { FloatBits } from '../python-format/pythonFloatRepr';
import { halfBitsToNumber } from './float16';
import { h5TypeOrder, numpyDtype, type NumpyDtype } from './numpyDtype';
import { complexScalarText, fixedStringItem, pythonBytesRepr, referenceTexts, storedBoolAt } from './scalarText';

/** A value printed as text that cannot be (vlen fields, opaque data): the caller raises. */
export class UnprintableValue extends Error {}

function readFloat(view: DataView, offset: number, size: number, le: boolean): number {
  if (size === 8) return view.getFloat64(offset, le);
  if (size === 4) return view.getFloat32(offset, le);
  return halfBitsToNumber(view.getUint16(offset, le));
}

function readInt(view: DataView, offset: number, size: number, signed: boolean, le: boolean): bigint {
  switch (size) {
    case 1:
      return BigInt(signed ? view.getInt8(offset) : view.getUint8(offset));
    case 2:
      return BigInt(signed ? view.getInt16(offset, le) : view.getUint16(offset, le));
    case 4:
      return BigInt(signed ? view.getInt32(offset, le) : view.getUint32(offset, le));
    default:
      return signed ? view.getBigInt64(offset, le) : view.getBigUint64(offset, le);
  }
}

/** Elements of `count` items of a leaf dtype, each printed by numpy's formatter for the whole group. */
function formatElements(
  view: DataView,
  offset: number,
  d: NumpyDtype,
  count: number,
  le: boolean,
  zeroDimensional: boolean,
  bytes: Uint8Array,
  heapString?: (pointer: number) => Uint8Array,
): string[] {
  const size = d.itemsize;
  const at = (i: number): number => offset + i * size;
  switch (d.kind) {
    case 'float': {
      const values = Array.from({ length: count }, (_, i) => readFloat(view, at(i), size, le));
      const format = numpyFloatFormatter(values, (size * 8) as FloatBits);
      return values.map(format);
    }
    case 'int':
    case 'uint': {
      const values = Array.from({ length: count }, (_, i) => readInt(view, at(i), size, d.kind === 'int', le));
      const format = numpyIntFormatter(values);
      return values.map(format);
    }
    case 'bool': {
      const format = numpyBoolFormatter(zeroDimensional);
      return Array.from({ length: count }, (_, i) => format(storedBoolAt(view, at(i), size)));
    }
    case 'bytes':
      return Array.from({ length: count }, (_, i) => pythonBytesRepr(fixedStringItem(bytes.subarray(at(i), at(i) + size), d.strpad)));
    case 'ref':
      return referenceTexts(bytes.subarray(offset, offset + count * size), size, d.refType);
    case 'vlenstr':
      // h5py gives vlen strings inside compound values as bytes objects: printed by repr.
      if (heapString === undefined) throw new UnprintableValue('cannot print vlen strings without the read buffer');
      return Array.from({ length: count }, (_, i) => pythonBytesRepr(heapString(view.getUint32(at(i), true))));
    case 'complex': {
      const half = size / 2;
      return Array.from({ length: count }, (_, i) =>
        complexScalarText(readFloat(view, at(i), half, le), readFloat(view, at(i) + half, half, le), (half * 8) as 32 | 64),
      );
    }
    default:
      throw new UnprintableValue(`cannot print ${d.name} values`);
  }
}

/**
 * numpy `str(ndarray)` of `shape` elements of the leaf dtype `base` stored at `offset`
 * (little-endian, as h5wasm returns ARRAY data).
 */
export function ndarrayText(bytes: Uint8Array, offset: number, base: NumpyDtype, shape: readonly number[]): string {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const count = shape.reduce((a, b) => a * b, 1);
  return numpyArrayStr(shape, formatElements(view, offset, base, count, true, shape.length === 0, bytes));
}

/**
 * numpy `str(np.void)` of the compound value at `offset`: fields printed one by one with
 * numpy's array-element formatting (`(3., 1.e-05, -0., nan)`, `([5.e-01, 2.e+00], 3)`).
 * `converted`: h5wasm turned the whole value little-endian (its order was big-endian).
 */
export function compoundScalarText(
  bytes: Uint8Array,
  offset: number,
  meta: H5Metadata,
  heapString?: (pointer: number) => Uint8Array,
  converted = h5TypeOrder(meta) === 'be',
): string {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const parts: string[] = [];
  for (const member of meta.compound_type?.members ?? []) {
    const m = member as unknown as H5Metadata;
    const d = numpyDtype(m);
    const at = offset + member.offset;
    const le = converted || m.littleEndian;
    if (d.kind === 'compound') {
      parts.push(compoundScalarText(bytes, at, m, heapString, converted || h5TypeOrder(m) === 'be'));
    } else if (d.kind === 'array') {
      const base = d.base as NumpyDtype;
      const subshape = d.subshape as number[];
      const count = subshape.reduce((a, b) => a * b, 1);
      const baseLe = converted || (m.array_type as H5Metadata).littleEndian;
      parts.push(numpySubArrayText(subshape, formatElements(view, at, base, count, baseLe, false, bytes, heapString)));
    } else {
      parts.push(formatElements(view, at, d, 1, le, true, bytes, heapString)[0]);
    }
  }
  return parts.length === 1 ? `(${parts[0]},)` : `(${parts.join(', ')})`;
}
