import { InvariantError } from '@spyglass-recompute/errors';

/** numpy's `format.ARRAY_ALIGN`: the header is padded so the data starts on a 64-byte boundary. */
const ARRAY_ALIGN = 64;
/** numpy's `format.GROWTH_AXIS_MAX_DIGITS` (spare spaces so `shape[0]` can grow in place). */
const GROWTH_AXIS_MAX_DIGITS = 21;
const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]; // "\x93NUMPY"

/** Python `repr()` of a shape tuple: `()`, `(4,)`, `(4, 2)`. */
export function pythonShapeTupleRepr(shape: readonly number[]): string {
  if (shape.length === 1) return `(${shape[0]},)`;
  return `(${shape.join(', ')})`;
}

/**
 * The `.npy` header numpy 1.24's `np.save` writes for a C-ordered array, byte for byte:
 * magic, format version 1.0 (2.0 when the header would exceed 65535 bytes), the header
 * dict, the growth-axis spaces numpy ≥ 1.23 reserves for `shape[0]`, space padding to a
 * multiple of 64 bytes and a newline.
 *
 * @param descrRepr `repr(np.lib.format.dtype_to_descr(dtype))`, e.g. `'<i2'` (with quotes)
 *   or `[('x', '<f8')]` for a structured dtype
 */
export function encodeNpyHeader(descrRepr: string, shape: readonly number[]): Uint8Array {
  let header = `{'descr': ${descrRepr}, 'fortran_order': False, 'shape': ${pythonShapeTupleRepr(shape)}, }`;
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
