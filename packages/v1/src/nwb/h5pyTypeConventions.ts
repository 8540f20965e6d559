import type { HeaderMessageVisitor } from './rewriteObjectHeader';

const DATATYPE = 0x03;
const FILL_VALUE = 0x05;
const ATTRIBUTE = 0x0c;

/** Offset of the datatype inside an attribute message body (versions 1–3). */
function attributeDatatypeOffset(body: Buffer): number | undefined {
  const version = body[0];
  const nameSize = body.readUInt16LE(2);
  if (version === 1) return 8 + Math.ceil(nameSize / 8) * 8;
  if (version === 2) return 8 + nameSize;
  if (version === 3) return 9 + nameSize;
  return undefined;
}

/** Variable-length string datatype at `at`: SPACEPAD → NULLTERM. True when changed. */
function nulltermVlenString(body: Buffer, at: number): boolean {
  const isVlen = (body[at] & 0x0f) === 9;
  const isString = (body[at + 1] & 0x0f) === 1;
  if (isVlen && isString && body[at + 1] >> 4 !== 0) {
    body[at + 1] &= 0x0f;
    return true;
  }
  return false;
}

/**
 * h5py (hence pynwb) stores variable-length strings NUL-terminated; HDF5 under h5wasm marks
 * its UTF-8 ones space-padded. The pad flag does not change the values read back, but the
 * analysis file should carry the same types as Spyglass's; this visitor rewrites it in
 * dataset datatypes and in compact attributes.
 */
export const nulltermVlenStrings: HeaderMessageVisitor = (type, body) => {
  if (type === DATATYPE) return nulltermVlenString(body, 0);
  if (type === ATTRIBUTE) {
    const at = attributeDatatypeOffset(body);
    return at !== undefined && nulltermVlenString(body, at);
  }
  return false;
};

/**
 * hdmf writes iterator-filled datasets with fill time `H5D_FILL_TIME_ALLOC` (h5py's
 * default), whereas h5wasm leaves HDF5's `IFSET`; this rewrites a version-3 fill-value
 * message's fill-time bits to ALLOC.
 */
export const fillTimeAlloc: HeaderMessageVisitor = (type, body) => {
  if (type !== FILL_VALUE || body[0] !== 3) return false;
  const flags = body[1] & ~0x0c; // bits 2-3: fill time; 0 = ALLOC
  if (flags === body[1]) return false;
  body[1] = flags;
  return true;
};
