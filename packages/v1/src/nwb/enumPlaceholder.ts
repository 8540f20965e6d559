import fs from 'node:fs';
import { RecomputeError } from '@spyglass-recompute/errors';
import type { H5File, H5Wasm } from '@spyglass-recompute/core';
import { H5T, type H5Metadata } from './h5Dtype';
import { jenkinsLookup3 } from './jenkinsLookup3';

type Group = InstanceType<H5Wasm['Group']>;
type Dataset = InstanceType<H5Wasm['Dataset']>;

/**
 * A dataset written with a placeholder compound type whose encoded datatype message has
 * exactly the length of the wanted enum type, so the message can be swapped in place once
 * the file is closed. (h5wasm writes no enum types; h5py stores numpy bools as the enum
 * int8 {FALSE: 0, TRUE: 1}, and the hasher and pynwb must read them back as bools.)
 */
export interface EnumPlaceholder {
  /** Absolute dataset path (for error messages). */
  path: string;
  /** Object header address of the dataset. */
  address: bigint;
  /** Datatype message body HDF5 wrote for the placeholder. */
  placeholder: Uint8Array;
  /** Datatype message body of the enum type, same length. */
  enumType: Uint8Array;
}

function invariant(message: string, details?: Record<string, unknown>): never {
  throw new RecomputeError({ code: 'NWB_ENUM_PATCH_FAILED', message: `${message} (please report this)`, exitCode: 1, details });
}

/** Version-1 fixed-point datatype message body (the base type inside enum/compound). */
function encodeInteger(size: number, signed: boolean): Uint8Array {
  const out = new Uint8Array(12);
  const view = new DataView(out.buffer);
  out[0] = 0x10; // version 1, class 0 (fixed-point)
  out[1] = signed ? 0x08 : 0x00; // little-endian, zero padding, sign bit
  view.setUint32(4, size, true);
  view.setUint16(8, 0, true); // bit offset
  view.setUint16(10, size * 8, true); // precision
  return out;
}

/** Version-3 enum datatype message body: header, base type, NUL-terminated names, values. */
export function encodeEnumDatatype(members: ReadonlyArray<readonly [string, number]>, size: number, signed: boolean): Uint8Array {
  const names = members.map(([n]) => Buffer.from(`${n}\0`, 'utf8'));
  const out = new Uint8Array(8 + 12 + names.reduce((s, n) => s + n.length, 0) + members.length * size);
  const view = new DataView(out.buffer);
  out[0] = 0x38; // version 3, class 8 (enum)
  view.setUint16(1, members.length, true);
  view.setUint32(4, size, true);
  out.set(encodeInteger(size, signed), 8);
  let off = 20;
  for (const n of names) {
    out.set(n, off);
    off += n.length;
  }
  for (const [, value] of members) {
    for (let i = 0; i < size; i += 1) out[off + i] = Number((BigInt(value) >> BigInt(8 * i)) & 0xffn);
    off += size;
  }
  return out;
}

/** Version-3 compound message body HDF5 writes for one integer member at offset 0. */
export function encodePlaceholderCompound(memberName: string, size: number, signed: boolean): Uint8Array {
  const name = Buffer.from(`${memberName}\0`, 'utf8');
  const out = new Uint8Array(8 + name.length + 1 + 12);
  const view = new DataView(out.buffer);
  out[0] = 0x36; // version 3, class 6 (compound)
  view.setUint16(1, 1, true);
  view.setUint32(4, size, true);
  out.set(name, 8);
  out[8 + name.length] = 0; // member offset (1 byte: the compound is < 256 bytes)
  out.set(encodeInteger(size, signed), 8 + name.length + 1);
  return out;
}

/**
 * Writes `srcDs` (an enum-typed dataset) into `parent` under a placeholder type and records
 * what {@link patchEnumPlaceholders} must swap. Data bytes are the enum's base integers.
 */
export function createEnumPlaceholder(h5: H5Wasm, dst: H5File, parent: Group, name: string, srcDs: Dataset, out: EnumPlaceholder[]): Dataset {
  const meta = srcDs.metadata as H5Metadata;
  const path = parent.path === '/' ? `/${name}` : `${parent.path}/${name}`;
  const enumMeta = meta.enum_type;
  if (!enumMeta || enumMeta.type !== H5T.INTEGER || !meta.shape || meta.shape.length === 0 || meta.size > 8) {
    invariant(`cannot recreate enum dataset ${srcDs.path}: only integer-based enum arrays are supported`);
  }
  const members = Object.entries(enumMeta.members) as [string, number][];
  const enumType = encodeEnumDatatype(members, meta.size, meta.signed);
  const nameLength = enumType.length - 22;
  if (nameLength < 1) invariant(`enum type of ${srcDs.path} is too short for a placeholder`);
  const memberName = 'x'.repeat(nameLength);
  const placeholder = encodePlaceholderCompound(memberName, meta.size, meta.signed);
  const values = srcDs.value as ArrayBufferView;
  const bytes = new Uint8Array(values.buffer, values.byteOffset, values.byteLength);
  const md = {
    type: H5T.COMPOUND,
    size: meta.size,
    signed: false,
    vlen: false,
    littleEndian: true,
    compound_type: {
      nmembers: 1,
      members: [{ name: memberName, offset: 0, type: H5T.INTEGER, size: meta.size, signed: meta.signed, vlen: false, littleEndian: true }],
    },
    shape: meta.shape.map(BigInt),
    maxshape: (meta.maxshape ?? meta.shape).map(BigInt),
    chunks: meta.chunks ? meta.chunks.map(BigInt) : null,
    compression: 0,
    compression_opts: [],
    track_order: false,
  };
  const ptr = h5.Module._malloc(Math.max(1, bytes.length));
  try {
    h5.Module.HEAPU8.set(bytes, ptr);
    // h5wasm's create_dataset binding takes the metadata object as-is (typed loosely here).
    (h5.Module.create_dataset as (...args: unknown[]) => number)(dst.file_id, path, BigInt(ptr), md);
  } finally {
    h5.Module._free(ptr);
  }
  const ds = new h5.Dataset(dst.file_id, path);
  const address = Buffer.from(ds.create_reference().ref_data).readBigUInt64LE(0);
  out.push({ path, address, placeholder, enumType });
  return ds;
}

/**
 * Swaps each placeholder datatype message for its enum type in the closed file at
 * `filePath` and re-seals the object header checksum. Only version-2 object headers
 * (what HDF5 writes with h5wasm's default `v108` lower bound) are handled.
 */
export function patchEnumPlaceholders(filePath: string, placeholders: readonly EnumPlaceholder[]): void {
  if (placeholders.length === 0) return;
  const fd = fs.openSync(filePath, 'r+');
  try {
    for (const p of placeholders) patchOne(fd, p);
  } finally {
    fs.closeSync(fd);
  }
}

function readAt(fd: number, position: number, length: number): Buffer {
  const buf = Buffer.alloc(length);
  const n = fs.readSync(fd, buf, 0, length, position);
  return buf.subarray(0, n);
}

function patchOne(fd: number, p: EnumPlaceholder): void {
  const base = Number(p.address);
  const head = readAt(fd, base, 32);
  if (head.toString('latin1', 0, 4) !== 'OHDR' || head[4] !== 2) {
    invariant(`object header of ${p.path} at ${base} is not a version-2 header`);
  }
  const flags = head[5];
  let off = 6;
  if (flags & 0x20) off += 16; // access/modification/change/birth times
  if (flags & 0x10) off += 4; // attribute phase-change values
  const sizeBytes = 1 << (flags & 0x03);
  let chunkSize = 0;
  for (let i = 0; i < sizeBytes; i += 1) chunkSize += head[off + i] * 2 ** (8 * i);
  off += sizeBytes;
  const chunk = readAt(fd, base, off + chunkSize + 4);
  const end = off + chunkSize;
  const stored = chunk.readUInt32LE(end);
  if (jenkinsLookup3(chunk.subarray(0, end)) !== stored) invariant(`checksum of ${p.path}'s object header does not verify before patching`);
  const msgHeader = flags & 0x04 ? 6 : 4;
  let pos = off;
  let patched = false;
  while (pos + msgHeader <= end) {
    const type = chunk[pos];
    const size = chunk.readUInt16LE(pos + 1);
    const body = chunk.subarray(pos + msgHeader, pos + msgHeader + size);
    if (type === 3 && size === p.placeholder.length && Buffer.compare(body, Buffer.from(p.placeholder)) === 0) {
      chunk.set(p.enumType, pos + msgHeader);
      patched = true;
      break;
    }
    pos += msgHeader + size;
  }
  if (!patched) invariant(`placeholder datatype of ${p.path} not found in its object header`);
  chunk.writeUInt32LE(jenkinsLookup3(chunk.subarray(0, end)), end);
  fs.writeSync(fd, chunk, 0, chunk.length, base);
}
