import { H5T, type H5Metadata } from '../h5/H5Reader';

/** A compound member: a type with its name and byte offset. */
export type Member = Partial<H5Metadata> & { name: string; offset: number };

/** h5wasm metadata of a type (the fields the dtype mapping reads; the rest as for a scalar). */
export const meta = (m: Partial<H5Metadata>): H5Metadata =>
  ({ signed: false, vlen: false, littleEndian: true, shape: [], total_size: 1, chunks: null, maxshape: null, ...m }) as H5Metadata;
/** A signed little-endian integer unless `extra` says otherwise. */
export const int = (size: number, extra: Partial<H5Metadata> = {}): H5Metadata => meta({ type: H5T.integer, size, signed: true, ...extra });
export const float = (size: number, extra: Partial<H5Metadata> = {}): H5Metadata => meta({ type: H5T.float, size, ...extra });
export const compound = (size: number, members: Member[]): H5Metadata =>
  meta({ type: H5T.compound, size, compound_type: { nmembers: members.length, members: members.map((m) => meta(m)) } as never });
export const member = (name: string, offset: number, type: H5Metadata): Member => ({ ...type, name, offset });
/** An enum over an unsigned integer base; `{FALSE: 0, TRUE: 1}` of size 1 is h5py's bool. */
export const boolEnum = (members: Record<string, number>, size = 1, extra: Partial<H5Metadata> = {}): H5Metadata =>
  meta({
    type: H5T.enum,
    size,
    signed: false,
    enum_type: { type: H5T.integer, nmembers: Object.keys(members).length, members },
    ...extra,
  });
/** An HDF5 ARRAY of `base` elements of shape `shape`. */
export const array = (base: H5Metadata, shape: number[]): H5Metadata =>
  meta({ type: H5T.array, size: base.size * shape.reduce((a, b) => a * b, 1), array_type: { ...base, shape } as H5Metadata });
