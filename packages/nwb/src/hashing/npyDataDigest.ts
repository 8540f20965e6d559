import { createHash } from 'node:crypto';
import { createReadStream, closeSync, openSync, readSync, fstatSync } from 'node:fs';
import { hashErrors } from './hashErrors';

/** Parsed `.npy` header. */
export interface NpyHeader {
  descr: string;
  fortranOrder: boolean;
  shape: number[];
  /** Byte offset of the array data. */
  dataOffset: number;
}

const MAGIC = Buffer.from([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]); // \x93NUMPY

/** Whether `head` starts with the `.npy` magic string (what follows is checked by length). */
function hasNpyMagic(head: Buffer): boolean {
  return head.subarray(0, 6).equals(MAGIC);
}

/**
 * Bytes a `.npy` file's prefix says its header takes (magic through header text); undefined when
 * `head` is no `.npy` prefix or ends before the header-length field.
 */
function npyHeaderEnd(head: Buffer): { lenBytes: number; dataOffset: number } | undefined {
  if (!hasNpyMagic(head)) return undefined;
  // Version 1 has a 2-byte header length; 2 and 3 (numpy's choice for headers over 65535 bytes) 4 bytes.
  const lenBytes = head[6] === 1 ? 2 : 4;
  if (head.length < 8 + lenBytes) return undefined;
  const headerLen = lenBytes === 2 ? head.readUInt16LE(8) : head.readUInt32LE(8);
  return { lenBytes, dataOffset: 8 + lenBytes + headerLen };
}

/** Parses the header of a `.npy` file (format versions 1–3); `head` holds at least the whole header. */
export function readNpyHeader(filePath: string, head: Buffer): NpyHeader {
  if (!hasNpyMagic(head)) throw hashErrors.npyInvalid(filePath, 'bad magic');
  const end = npyHeaderEnd(head);
  if (end === undefined || head.length < end.dataOffset) throw hashErrors.npyInvalid(filePath, 'truncated header');
  const { lenBytes, dataOffset } = end;
  const major = head[6];
  const text = head.subarray(8 + lenBytes, dataOffset).toString(major >= 3 ? 'utf8' : 'latin1');
  // Structured dtypes have a list descr; keep its text (fields are checked for objects).
  const structured = /'descr'\s*:\s*(\[.*\])\s*,\s*'fortran_order'/s.exec(text)?.[1];
  const descr = structured ?? /'descr'\s*:\s*'([^']*)'/.exec(text)?.[1];
  const fortran = /'fortran_order'\s*:\s*(True|False)/.exec(text)?.[1];
  const shapeText = /'shape'\s*:\s*\(([^)]*)\)/.exec(text)?.[1];
  if (descr === undefined || fortran === undefined || shapeText === undefined) throw hashErrors.npyInvalid(filePath, 'unparsable header');
  const shape = shapeText
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '')
    .map(Number);
  return { descr, fortranOrder: fortran === 'True', shape, dataOffset };
}

function itemsizeOf(descr: string): number {
  const m = /^[<>|=]?([a-zA-Z])(\d+)/.exec(descr);
  if (!m) return NaN;
  return m[1] === 'U' ? 4 * Number(m[2]) : Number(m[2]);
}

/** Reorders Fortran-order element bytes into C order. */
function fortranToC(data: Buffer, shape: number[], itemsize: number): Buffer {
  const n = shape.reduce((a, b) => a * b, 1);
  const out = Buffer.alloc(n * itemsize);
  const nd = shape.length;
  const fStrides = new Array<number>(nd);
  let s = 1;
  for (let k = 0; k < nd; k += 1) {
    fStrides[k] = s;
    s *= shape[k];
  }
  const idx = new Array<number>(nd).fill(0);
  for (let c = 0; c < n; c += 1) {
    let f = 0;
    for (let k = 0; k < nd; k += 1) f += idx[k] * fStrides[k];
    data.copy(out, c * itemsize, f * itemsize, (f + 1) * itemsize);
    for (let k = nd - 1; k >= 0; k -= 1) {
      idx[k] += 1;
      if (idx[k] < shape[k]) break;
      idx[k] = 0;
    }
  }
  return out;
}

/**
 * `md5(np.load(path).tobytes())` hex: the array data in C order and stored dtype (header
 * excluded, big-endian kept). Streams C-ordered data.
 *
 * @throws RecomputeError NPY_INVALID | HASH_UNSUPPORTED_FILE (object arrays hash pointers in the reference)
 */
export async function npyDataDigest(filePath: string): Promise<string> {
  const fd = openSync(filePath, 'r');
  let header: NpyHeader;
  let fileSize: number;
  try {
    fileSize = fstatSync(fd).size;
    // Read the 12-byte prefix, then the whole header its length field gives (Spyglass loads with
    // allow_pickle=True, so numpy's 10 000-byte header limit does not apply).
    const prefix = Buffer.alloc(Math.min(fileSize, 12));
    readSync(fd, prefix, 0, prefix.length, 0);
    const head = Buffer.alloc(Math.min(fileSize, npyHeaderEnd(prefix)?.dataOffset ?? prefix.length));
    readSync(fd, head, 0, head.length, 0);
    header = readNpyHeader(filePath, head);
  } finally {
    closeSync(fd);
  }
  // A structured descr lists (name, type[, shape]) tuples: an object field's type follows a comma,
  // while a field merely named 'O' follows the tuple's opening parenthesis.
  if (/^[|<>=]?O/.test(header.descr) || /,\s*'[|<>=]?O\d*'/.test(header.descr)) {
    throw hashErrors.objectNpyUnsupported(filePath);
  }
  const count = header.shape.reduce((a, b) => a * b, 1);
  // Structured items (with any padding fields) take whatever the data section holds per element.
  const itemsize = header.descr.startsWith('[') ? (count === 0 ? 0 : (fileSize - header.dataOffset) / count) : itemsizeOf(header.descr);
  if (!Number.isInteger(itemsize)) throw hashErrors.npyInvalid(filePath, `unsupported dtype ${header.descr}`);
  const dataBytes = count * itemsize;
  if (header.dataOffset + dataBytes > fileSize) throw hashErrors.npyInvalid(filePath, 'data shorter than its header says');
  const md5 = createHash('md5');
  if (header.fortranOrder && header.shape.length > 1 && dataBytes > 0) {
    const fd2 = openSync(filePath, 'r');
    try {
      const data = Buffer.alloc(dataBytes);
      readSync(fd2, data, 0, dataBytes, header.dataOffset);
      md5.update(fortranToC(data, header.shape, itemsize));
    } finally {
      closeSync(fd2);
    }
    return md5.digest('hex');
  }
  if (dataBytes > 0) {
    for await (const chunk of createReadStream(filePath, {
      start: header.dataOffset,
      end: header.dataOffset + dataBytes - 1,
      highWaterMark: 1 << 22,
    })) {
      md5.update(chunk as Buffer);
    }
  }
  return md5.digest('hex');
}
