import { InvariantError } from '@spyglass-recompute/errors';
import { isFloatDtype, isIntegerDtype, type NpyArray, type NpyDtype, type NpyScalar, type NpyScalarDtype, unicodeWidth } from './NpyArray';

/** numpy's `format.ARRAY_ALIGN`: the header is padded so the data starts on a 64-byte boundary. */
const ARRAY_ALIGN = 64;
/** numpy's `format.GROWTH_AXIS_MAX_DIGITS` (spare spaces so `shape[0]` can grow in place). */
const GROWTH_AXIS_MAX_DIGITS = 21;
const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]; // "\x93NUMPY"

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

/** Python `repr()` of a shape tuple: `()`, `(4,)`, `(4, 2)`. */
function shapeRepr(shape: readonly number[]): string {
  if (shape.length === 1) return `(${shape[0]},)`;
  return `(${shape.join(', ')})`;
}

/**
 * The `.npy` header numpy 1.24 writes for a C-ordered array (format 1.0, or 2.0 when the
 * header exceeds 65535 bytes), byte for byte: dict repr, growth-axis spaces, padding to
 * 64 bytes, newline.
 */
export function encodeNpyHeader(dtype: NpyDtype, shape: readonly number[]): Uint8Array {
  let header = `{'descr': ${descrRepr(dtype)}, 'fortran_order': False, 'shape': ${shapeRepr(shape)}, }`;
  if (shape.length > 0) header += ' '.repeat(Math.max(0, GROWTH_AXIS_MAX_DIGITS - String(shape[0]).length));
  const headerBytes = Buffer.from(header, 'latin1');
  for (const version of [1, 2] as const) {
    const lengthSize = version === 1 ? 2 : 4;
    const hlen = headerBytes.length + 1;
    const padlen = ARRAY_ALIGN - ((MAGIC.length + 2 + lengthSize + hlen) % ARRAY_ALIGN);
    const total = hlen + padlen;
    if (version === 1 && total >= 0x10000) continue;
    const out = new Uint8Array(MAGIC.length + 2 + lengthSize + total);
    out.set(MAGIC, 0);
    out[6] = version;
    out[7] = 0;
    const view = new DataView(out.buffer);
    if (version === 1) view.setUint16(8, total, true);
    else view.setUint32(8, total, true);
    const start = MAGIC.length + 2 + lengthSize;
    out.set(headerBytes, start);
    out.fill(0x20, start + headerBytes.length, out.length - 1);
    out[out.length - 1] = 0x0a;
    return out;
  }
  throw new InvariantError('npy header does not fit format 2.0', { length: headerBytes.length });
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
    case '|i1': view.setInt8(offset, n); break;
    case '|u1': view.setUint8(offset, n); break;
    case '<i2': view.setInt16(offset, n, true); break;
    case '<u2': view.setUint16(offset, n, true); break;
    case '<i4': view.setInt32(offset, n, true); break;
    case '<u4': view.setUint32(offset, n, true); break;
    case '<i8': view.setBigInt64(offset, BigInt(n), true); break;
    default: view.setBigUint64(offset, BigInt(n), true);
  }
}

/** The data section of an `.npy` file (C order, little endian). */
export function encodeNpyData(array: NpyArray): Uint8Array {
  const count = array.shape.reduce((a, b) => a * b, 1);
  if (array.data.length !== count) {
    throw new InvariantError(`npy data has ${array.data.length} elements, shape ${shapeRepr(array.shape)} needs ${count}`);
  }
  const fields = typeof array.dtype === 'string' ? undefined : array.dtype;
  const itemSize = fields
    ? fields.reduce((sum, f) => sum + scalarItemSize(f.dtype), 0)
    : scalarItemSize(array.dtype as NpyScalarDtype);
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
