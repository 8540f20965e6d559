import { analysisNwbErrors } from './analysisNwbErrors';
import type { H5File, H5Wasm } from '@spyglass-recompute/nwb';
import { H5T, type H5Metadata } from './h5Dtype';
import type { HeaderMessageVisitor } from './rewriteObjectHeader';

type Group = InstanceType<H5Wasm['Group']>;
type Dataset = InstanceType<H5Wasm['Dataset']>;

/**
 * A dataset written with a placeholder compound type whose encoded datatype message has
 * exactly the length of the wanted enum type, so the message can be swapped in place once
 * the file is closed (`finishAnalysisFile`). (h5wasm writes no enum types; h5py stores numpy bools as the enum
 * int8 {FALSE: 0, TRUE: 1}, and the hasher and pynwb must read them back as bools.)
 */
export interface EnumPlaceholder {
  /** Absolute dataset path (for error messages). */
  path: string;
  /** Datatype message body HDF5 wrote for the placeholder. */
  placeholder: Uint8Array;
  /** Datatype message body of the enum type, same length. */
  enumType: Uint8Array;
}

function invariant(message: string, details?: Record<string, unknown>): never {
  throw analysisNwbErrors.enumPatchFailed(message, details);
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
 * what `finishAnalysisFile` must swap. Data bytes are the enum's base integers.
 */
export function createEnumPlaceholder(
  h5: H5Wasm,
  dst: H5File,
  parent: Group,
  name: string,
  srcDs: Dataset,
  out: EnumPlaceholder[],
): Dataset {
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
  out.push({ path, placeholder, enumType });
  return new h5.Dataset(dst.file_id, path);
}

/**
 * Header visitor that swaps the placeholder datatype message of `p` for its enum type
 * (same length, so the header layout is unchanged); see `rewriteObjectHeader`.
 */
export function enumFromPlaceholder(p: EnumPlaceholder): HeaderMessageVisitor {
  let done = false;
  return (type, body) => {
    if (done || type !== 3 || Buffer.compare(body, Buffer.from(p.placeholder)) !== 0) return false;
    body.set(p.enumType);
    done = true;
    return true;
  };
}
