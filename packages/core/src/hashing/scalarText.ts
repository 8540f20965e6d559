import { pythonFloat16Repr, pythonFloat32Repr, pythonFloatRepr } from '../python-format/pythonFloatRepr';
import { halfBitsToNumber } from './float16';
import type { NumpyDtype } from './numpyDtype';

const utf8 = new TextDecoder('utf-8');

/** Python `bytes.decode('utf-8', errors='replace')` (same U+FFFD policy as WHATWG). */
export function decodeUtf8Replace(bytes: Uint8Array): string {
  return utf8.decode(bytes);
}

/** Strips trailing NULs the way numpy `S` items and `np.bytes_` do. */
export function stripTrailingNuls(bytes: Uint8Array): Uint8Array {
  let end = bytes.length;
  while (end > 0 && bytes[end - 1] === 0) end -= 1;
  return bytes.subarray(0, end);
}

/** Python `repr(bytes)`: `b'fixed'`, `b'\xc3\xa9'`, `b"it's"`. */
export function pythonBytesRepr(bytes: Uint8Array): string {
  const hasSingle = bytes.includes(0x27);
  const quote = hasSingle && !bytes.includes(0x22) ? '"' : "'";
  let out = `b${quote}`;
  for (const b of bytes) {
    if (b === 0x5c) out += '\\\\';
    else if (b === quote.charCodeAt(0)) out += `\\${quote}`;
    else if (b === 0x09) out += '\\t';
    else if (b === 0x0a) out += '\\n';
    else if (b === 0x0d) out += '\\r';
    else if (b < 0x20 || b >= 0x7f) out += `\\x${b.toString(16).padStart(2, '0')}`;
    else out += String.fromCharCode(b);
  }
  return out + quote;
}

/**
 * Python `str()` of one numpy numeric/bool element stored little-endian at `offset`:
 * `-3`, `18446744073709551615`, `0.1` (float32 shortest), `1e-07`, `True`.
 */
export function numpyScalarText(view: DataView, offset: number, dtype: NumpyDtype): string {
  const { kind, itemsize } = dtype;
  if (kind === 'bool') return view.getUint8(offset) !== 0 ? 'True' : 'False';
  if (kind === 'float') {
    if (itemsize === 8) return pythonFloatRepr(view.getFloat64(offset, true));
    if (itemsize === 4) return pythonFloat32Repr(view.getFloat32(offset, true));
    return pythonFloat16Repr(halfBitsToNumber(view.getUint16(offset, true)));
  }
  const signed = kind === 'int';
  switch (itemsize) {
    case 1:
      return String(signed ? view.getInt8(offset) : view.getUint8(offset));
    case 2:
      return String(signed ? view.getInt16(offset, true) : view.getUint16(offset, true));
    case 4:
      return String(signed ? view.getInt32(offset, true) : view.getUint32(offset, true));
    default:
      return (signed ? view.getBigInt64(offset, true) : view.getBigUint64(offset, true)).toString();
  }
}

/** `astype(str)` width numpy uses for a numeric/bool dtype (legacy mode). */
export function legacyUnicodeWidth(dtype: NumpyDtype): number {
  if (dtype.kind === 'bool') return 5;
  if (dtype.kind === 'float') return 32;
  const signed = dtype.kind === 'int';
  const widths: Record<number, [number, number]> = { 1: [4, 3], 2: [6, 5], 4: [11, 10], 8: [21, 20] };
  const [s, u] = widths[dtype.itemsize] ?? [21, 20];
  return signed ? s : u;
}

/** Text of each element of a numeric/bool buffer (little-endian), in C order. */
export function numpyElementTexts(bytes: Uint8Array, dtype: NumpyDtype): string[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const n = bytes.byteLength / dtype.itemsize;
  const out: string[] = new Array(n);
  for (let i = 0; i < n; i += 1) out[i] = numpyScalarText(view, i * dtype.itemsize, dtype);
  return out;
}

/** h5py's repr of a reference object. */
export function referenceRepr(refType: 'object' | 'region' | undefined): string {
  return refType === 'region' ? '<HDF5 region reference>' : '<HDF5 object reference>';
}
