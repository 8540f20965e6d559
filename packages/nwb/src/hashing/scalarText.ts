import { pythonFloat16Repr, pythonFloat32Repr, pythonFloatRepr } from '../python-format/pythonFloatRepr';
import { halfBitsToNumber } from './float16';
import type { NumpyDtype } from './numpyDtype';

// ignoreBOM: Python's 'utf-8' codec keeps a leading U+FEFF (only 'utf-8-sig' drops it); WHATWG's default drops it.
const utf8 = new TextDecoder('utf-8', { ignoreBOM: true });

/** Python `bytes.decode('utf-8', errors='replace')` (same U+FFFD policy as WHATWG). */
export function decodeUtf8Replace(bytes: Uint8Array): string {
  return utf8.decode(bytes);
}

/**
 * Python `bytes.decode('utf-8', errors='surrogateescape')`, as h5py 3.7 decodes variable-length
 * string attributes: every byte that is not part of a valid UTF-8 sequence becomes the lone
 * surrogate U+DC80..U+DCFF (numpy keeps it in `<U` arrays; `str.encode()` raises on it).
 */
export function decodeUtf8SurrogateEscape(bytes: Uint8Array): string {
  let ascii = true;
  for (const b of bytes) {
    if (b >= 0x80) {
      ascii = false;
      break;
    }
  }
  if (ascii) return String.fromCharCode(...bytes);
  let out = '';
  let i = 0;
  const n = bytes.length;
  while (i < n) {
    const b = bytes[i];
    let length = 0;
    let min = 0;
    let cp = 0;
    if (b < 0x80) {
      out += String.fromCharCode(b);
      i += 1;
      continue;
    } else if (b >= 0xc2 && b <= 0xdf) {
      length = 2;
      min = 0x80;
      cp = b & 0x1f;
    } else if (b >= 0xe0 && b <= 0xef) {
      length = 3;
      min = 0x800;
      cp = b & 0x0f;
    } else if (b >= 0xf0 && b <= 0xf4) {
      length = 4;
      min = 0x10000;
      cp = b & 0x07;
    }
    let ok = length > 0 && i + length <= n;
    for (let k = 1; ok && k < length; k += 1) {
      const c = bytes[i + k];
      if ((c & 0xc0) !== 0x80) ok = false;
      else cp = (cp << 6) | (c & 0x3f);
    }
    if (ok && cp >= min && cp <= 0x10ffff && (cp < 0xd800 || cp > 0xdfff)) {
      out += String.fromCodePoint(cp);
      i += length;
    } else {
      // One byte at a time: the following bytes of a broken sequence are escaped in turn.
      out += String.fromCharCode(0xdc00 + b);
      i += 1;
    }
  }
  return out;
}

/** True when `s` holds a lone surrogate, which Python's `str.encode()` refuses (UnicodeEncodeError). */
export function hasLoneSurrogate(s: string): boolean {
  return /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/.test(s);
}

/** HDF5 string padding (H5T_str_t). */
export const StringPad = { nullterm: 0, nullpad: 1, spacepad: 2 } as const;

/**
 * One fixed-length string item as numpy sees it after h5py's read: HDF5 converts the file
 * type to h5py's NULLPAD memory type (NULLTERM stops at the first NUL, SPACEPAD drops
 * trailing spaces, NULLPAD is copied as is), then numpy drops trailing NULs.
 */
export function fixedStringItem(item: Uint8Array, strpad: number | undefined): Uint8Array {
  let end = item.length;
  if (strpad === StringPad.nullterm) {
    const nul = item.indexOf(0);
    if (nul >= 0) end = nul;
  } else if (strpad === StringPad.spacepad) {
    while (end > 0 && item[end - 1] === 0x20) end -= 1;
  }
  return stripTrailingNuls(item.subarray(0, end));
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

/** `str(np.complex128)` part: Python repr without a trailing `.0` (`2`, `1e-05`, `nan`). */
function complexPart(x: number, bits: 32 | 64): string {
  const text = bits === 64 ? pythonFloatRepr(x) : pythonFloat32Repr(x);
  return text.endsWith('.0') ? text.slice(0, -2) : text;
}

/** `str()` of a numpy complex scalar: `(1e-05-0j)`, `(nan+infj)`, `2j`. */
export function complexScalarText(re: number, im: number, bits: 32 | 64): string {
  const imag = complexPart(im, bits);
  if (re === 0 && !Object.is(re, -0)) return `${imag}j`;
  const signed = imag.startsWith('-') ? imag : `+${imag}`;
  return `(${complexPart(re, bits)}${signed}j)`;
}

/**
 * One stored bool element (an enum {FALSE: 0, TRUE: 1} of `itemsize` bytes, either byte order):
 * true when its value is not 0, i.e. when any of its bytes is not 0.
 */
export function storedBoolAt(view: DataView, offset: number, itemsize: number): boolean {
  for (let i = 0; i < itemsize; i += 1) if (view.getUint8(offset + i) !== 0) return true;
  return false;
}

/**
 * Python `str()` of one numpy numeric/bool element stored little-endian at `offset`:
 * `-3`, `18446744073709551615`, `0.1` (float32 shortest), `1e-07`, `True`.
 */
export function numpyScalarText(view: DataView, offset: number, dtype: NumpyDtype): string {
  const { kind, itemsize } = dtype;
  if (kind === 'bool') return storedBoolAt(view, offset, itemsize) ? 'True' : 'False';
  if (kind === 'complex') {
    const half = itemsize / 2;
    const read = (at: number): number => (half === 8 ? view.getFloat64(at, true) : view.getFloat32(at, true));
    return complexScalarText(read(offset), read(offset + half), (half * 8) as 32 | 64);
  }
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
  if (dtype.kind === 'complex') return 64;
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

/**
 * h5py's repr of a reference object; a null reference (all bytes zero) is
 * `<HDF5 object reference (null)>`, and a null region reference `<HDF5 region reference (null>`
 * (h5py 3.7's `RegionReference.__repr__` leaves out the closing parenthesis).
 */
export function referenceRepr(refType: 'object' | 'region' | undefined, isNull = false): string {
  if (refType === 'region') return `<HDF5 region reference${isNull ? ' (null' : ''}>`;
  return `<HDF5 object reference${isNull ? ' (null)' : ''}>`;
}

/** h5py's repr of each reference stored in `bytes` (`itemsize` bytes each). */
export function referenceTexts(bytes: Uint8Array, itemsize: number, refType: 'object' | 'region' | undefined): string[] {
  const n = itemsize === 0 ? 0 : Math.floor(bytes.length / itemsize);
  const out: string[] = new Array(n);
  for (let i = 0; i < n; i += 1) {
    const item = bytes.subarray(i * itemsize, (i + 1) * itemsize);
    out[i] = referenceRepr(
      refType,
      item.every((b) => b === 0),
    );
  }
  return out;
}
