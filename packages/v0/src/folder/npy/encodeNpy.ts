import { encodeNpyHeader as encodeNpyHeaderFor, pythonShapeTupleRepr as shapeRepr } from '@spyglass-recompute/nwb';
import { InvariantError } from '@spyglass-recompute/errors';
import { isFloatDtype, isIntegerDtype, type NpyArray, type NpyDtype, type NpyScalar, type NpyScalarDtype, unicodeWidth } from './NpyArray';

/** Python `repr()` of a plain str (the quoting rule is enough for dtype and field names). */
function pythonStrRepr(s: string): string {
  if (s.includes("'") && !s.includes('"')) return `"${s}"`;
  return `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

/** `repr(dtype.descr)` as `np.lib.format.dtype_to_descr` gives it. */
function descrRepr(dtype: NpyDtype): string {
  if (typeof dtype === 'string') return pythonStrRepr(dtype);
  return `[${dtype.map((f) => `(${pythonStrRepr(f.name)}, ${pythonStrRepr(f.dtype)})`).join(', ')}]`;
}

/**
 * The `.npy` header numpy 1.24 writes for a C-ordered array of a plain or structured
 * dtype, byte for byte (the layout rules live in core's `encodeNpyHeader`).
 */
export function encodeNpyHeader(dtype: NpyDtype, shape: readonly number[]): Uint8Array {
  return encodeNpyHeaderFor(descrRepr(dtype), shape);
}

/** Bytes per element of a scalar dtype. */
export function scalarItemSize(dtype: NpyScalarDtype): number {
  const width = unicodeWidth(dtype);
  if (width !== undefined) return 4 * width;
  return Number(dtype.slice(2));
}

function writeScalar(view: DataView, offset: number, dtype: NpyScalarDtype, value: NpyScalar): void {
  const width = unicodeWidth(dtype);
  if (width !== undefined) {
    // numpy stores str as UTF-32LE, zero padded and silently truncated to the width.
    let i = 0;
    for (const ch of String(value)) {
      if (i >= width) break;
      view.setUint32(offset + 4 * i, ch.codePointAt(0) as number, true);
      i += 1;
    }
    return;
  }
  if (dtype === '|b1') {
    view.setUint8(offset, value ? 1 : 0);
    return;
  }
  const n = Number(value);
  if (isFloatDtype(dtype)) {
    if (dtype === '<f8') view.setFloat64(offset, n, true);
    else view.setFloat32(offset, n, true);
    return;
  }
  if (!isIntegerDtype(dtype) || !Number.isInteger(n)) {
    throw new InvariantError(`cannot store ${String(value)} as ${dtype}`);
  }
  switch (dtype) {
    case '|i1':
      view.setInt8(offset, n);
      break;
    case '|u1':
      view.setUint8(offset, n);
      break;
    case '<i2':
      view.setInt16(offset, n, true);
      break;
    case '<u2':
      view.setUint16(offset, n, true);
      break;
    case '<i4':
      view.setInt32(offset, n, true);
      break;
    case '<u4':
      view.setUint32(offset, n, true);
      break;
    case '<i8':
      view.setBigInt64(offset, BigInt(n), true);
      break;
    default:
      view.setBigUint64(offset, BigInt(n), true);
  }
}

/** The data section of an `.npy` file (C order, little endian). */
export function encodeNpyData(array: NpyArray): Uint8Array {
  const count = array.shape.reduce((a, b) => a * b, 1);
  if (array.data.length !== count) {
    throw new InvariantError(`npy data has ${array.data.length} elements, shape ${shapeRepr(array.shape)} needs ${count}`);
  }
  const fields = typeof array.dtype === 'string' ? undefined : array.dtype;
  const itemSize = fields ? fields.reduce((sum, f) => sum + scalarItemSize(f.dtype), 0) : scalarItemSize(array.dtype as NpyScalarDtype);
  const out = new Uint8Array(count * itemSize);
  const view = new DataView(out.buffer);
  for (let i = 0; i < count; i += 1) {
    let offset = i * itemSize;
    if (fields) {
      const record = array.data[i] as readonly NpyScalar[];
      fields.forEach((field, k) => {
        writeScalar(view, offset, field.dtype, record[k] as NpyScalar);
        offset += scalarItemSize(field.dtype);
      });
    } else {
      writeScalar(view, offset, array.dtype as NpyScalarDtype, array.data[i] as NpyScalar);
    }
  }
  return out;
}

/** A whole `.npy` file as `np.save` (numpy 1.24) writes it. */
export function encodeNpy(array: NpyArray): Uint8Array {
  const header = encodeNpyHeader(array.dtype, array.shape);
  const data = encodeNpyData(array);
  const out = new Uint8Array(header.length + data.length);
  out.set(header, 0);
  out.set(data, header.length);
  return out;
}
