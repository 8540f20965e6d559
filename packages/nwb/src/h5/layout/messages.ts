import { Cursor, ensure } from './byteSource';
import type { Superblock } from './objectHeader';

/** A plain numeric element type stored little-endian (what the fast path can hash as is). */
export interface PlainNumericType {
  kind: 'int' | 'uint' | 'float';
  itemsize: 1 | 2 | 4 | 8;
  /** numpy's `str(dtype)`: `int16`, `uint8`, `float64`, … */
  name: string;
}

/** Dataspace: `null` for a null dataspace, `[]` for a scalar. */
export function decodeDataspace(data: Uint8Array, sb: Superblock): number[] | null {
  const c = new Cursor(data);
  const version = c.u8();
  const rank = c.u8();
  c.u8(); // flags (max dims / permutation follow the dims; not needed)
  if (version === 1) {
    c.skip(5);
  } else {
    ensure(version === 2, `dataspace version ${version}`);
    const type = c.u8();
    if (type === 2) return null;
    if (type === 0) return [];
  }
  const dims: number[] = [];
  for (let i = 0; i < rank; i += 1) dims.push(c.uint(sb.lengthSize));
  return dims;
}

const IEEE: Record<number, [number, number, number, number, number, number]> = {
  // itemsize: [precision, exponent location, exponent size, mantissa location, mantissa size, bias]
  2: [16, 10, 5, 0, 10, 15],
  4: [32, 23, 8, 0, 23, 127],
  8: [64, 52, 11, 0, 52, 1023],
};

/**
 * Datatype message → a little-endian integer or IEEE float type; anything else (big-endian,
 * padded bit fields, enums, strings, compounds, references) is {@link LayoutUnsupported}.
 */
export function decodePlainNumericType(data: Uint8Array): PlainNumericType {
  const c = new Cursor(data);
  const classAndVersion = c.u8();
  const cls = classAndVersion & 0x0f;
  const bits = c.u8() | (c.u8() << 8) | (c.u8() << 16);
  const size = c.u32();
  ensure(size === 1 || size === 2 || size === 4 || size === 8, `element size ${size}`);
  const bitOffset = c.u16();
  const precision = c.u16();
  ensure(bitOffset === 0 && precision === size * 8, 'padded numeric type');
  if (cls === 0) {
    ensure((bits & 0x01) === 0, 'big-endian integer');
    ensure((bits & 0x06) === 0, 'integer padding bits');
    const signed = (bits & 0x08) !== 0;
    return { kind: signed ? 'int' : 'uint', itemsize: size, name: `${signed ? 'int' : 'uint'}${size * 8}` };
  }
  ensure(cls === 1, `datatype class ${cls}`);
  ensure((bits & 0x41) === 0, 'non little-endian float');
  ensure(size !== 1, 'one-byte float');
  const [prec, expLoc, expSize, manLoc, manSize, bias] = IEEE[size];
  const signLocation = (bits >> 8) & 0xff;
  const normalization = (bits >> 4) & 0x03;
  ensure(
    precision === prec && c.u8() === expLoc && c.u8() === expSize && c.u8() === manLoc && c.u8() === manSize && c.u32() === bias,
    'non-IEEE float layout',
  );
  ensure(signLocation === size * 8 - 1 && normalization === 2 && (bits & 0x0e) === 0, 'non-IEEE float flags');
  return { kind: 'float', itemsize: size, name: `float${size * 8}` };
}

/** Where a dataset's raw data lives. */
export type DataLayout =
  | { kind: 'contiguous'; address: number | undefined; size: number }
  | { kind: 'chunked'; btreeAddress: number | undefined; chunkDims: number[] };

/** Data layout message (version 3, or version 4 with contiguous storage). */
export function decodeLayout(data: Uint8Array, sb: Superblock): DataLayout {
  const c = new Cursor(data);
  const version = c.u8();
  ensure(version === 3 || version === 4, `layout message version ${version}`);
  const cls = c.u8();
  if (cls === 1) {
    const address = c.uintOrUndefined(sb.offsetSize);
    return { kind: 'contiguous', address: address === undefined ? undefined : sb.base + address, size: c.uint(sb.lengthSize) };
  }
  ensure(cls === 2 && version === 3, `layout class ${cls} (version ${version})`);
  const dimensionality = c.u8();
  const address = c.uintOrUndefined(sb.offsetSize);
  const dims: number[] = [];
  for (let i = 0; i < dimensionality; i += 1) dims.push(c.u32());
  ensure(dims.length >= 2, 'chunk dimensionality');
  return { kind: 'chunked', btreeAddress: address === undefined ? undefined : sb.base + address, chunkDims: dims.slice(0, -1) };
}

/** Number of filters in a filter pipeline message. */
export function filterCount(data: Uint8Array): number {
  const c = new Cursor(data);
  c.u8(); // version
  return c.u8();
}

/** A link out of a group; `address` is set for hard links only. */
export interface GroupLink {
  name: string;
  address: number | undefined;
}

// ignoreBOM: a name's bytes as stored (a leading U+FEFF is part of the name, as h5py reads it).
const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** Link message (new-style groups). */
export function decodeLink(data: Uint8Array, sb: Superblock): GroupLink {
  const c = new Cursor(data);
  ensure(c.u8() === 1, 'link message version');
  const flags = c.u8();
  const linkType = flags & 0x08 ? c.u8() : 0;
  if (flags & 0x04) c.skip(8); // creation order
  if (flags & 0x10) c.skip(1); // character set
  const nameLength = c.uint(1 << (flags & 0x03));
  const name = utf8.decode(c.take(nameLength));
  return { name, address: linkType === 0 ? sb.base + c.uint(sb.offsetSize) : undefined };
}

/** Link info message: where a group keeps links once they no longer fit in the header. */
export function decodeLinkInfo(
  data: Uint8Array,
  sb: Superblock,
): { heapAddress: number | undefined; nameIndexAddress: number | undefined } {
  const c = new Cursor(data);
  ensure(c.u8() === 0, 'link info version');
  const flags = c.u8();
  if (flags & 0x01) c.skip(8); // maximum creation index
  const heap = c.uintOrUndefined(sb.offsetSize);
  const index = c.uintOrUndefined(sb.offsetSize);
  return {
    heapAddress: heap === undefined ? undefined : sb.base + heap,
    nameIndexAddress: index === undefined ? undefined : sb.base + index,
  };
}

/** Symbol table message (old-style groups): B-tree and local heap addresses. */
export function decodeSymbolTable(data: Uint8Array, sb: Superblock): { btreeAddress: number; heapAddress: number } {
  const c = new Cursor(data);
  return { btreeAddress: sb.base + c.uint(sb.offsetSize), heapAddress: sb.base + c.uint(sb.offsetSize) };
}
