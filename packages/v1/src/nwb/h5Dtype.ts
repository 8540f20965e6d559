import type { H5Wasm } from '@spyglass-recompute/nwb';

/** h5wasm's type metadata (type class, size, sign, string flags, enum members). */
export type H5Metadata = InstanceType<H5Wasm['Dataset']>['metadata'];

/** HDF5 type classes as numbered by `H5T_class_t`. */
export const H5T = { INTEGER: 0, FLOAT: 1, STRING: 3, COMPOUND: 6, REFERENCE: 7, ENUM: 8 } as const;

const INT_LETTERS: Record<number, [string, string]> = { 1: ['b', 'B'], 2: ['h', 'H'], 4: ['i', 'I'], 8: ['q', 'Q'] };

/**
 * The h5wasm dtype string that recreates a stored type: struct-style letters (`'<q'` int64,
 * `'<d'` float64) because a numpy-style `'<i8'` is not what h5wasm means; `'S'`/`'A'` pick
 * UTF-8 or ASCII variable-length strings (`S{n}`/`A{n}` fixed-length). Returns `undefined`
 * for types that need special handling (references, enums) or are unsupported.
 */
export function h5DtypeOf(meta: H5Metadata): string | undefined {
  if (meta.type === H5T.INTEGER) {
    const letters = INT_LETTERS[meta.size];
    return letters ? `<${meta.signed ? letters[0] : letters[1]}` : undefined;
  }
  if (meta.type === H5T.FLOAT) {
    if (meta.size === 4) return '<f';
    if (meta.size === 8) return '<d';
    return undefined;
  }
  if (meta.type === H5T.STRING) {
    const letter = meta.cset === 0 ? 'A' : 'S';
    return meta.vlen ? letter : `${letter}${meta.size}`;
  }
  return undefined;
}
