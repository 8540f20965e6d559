import { Cursor, ensure, type ByteSource } from './byteSource';

/** What every structure parser needs from the superblock. */
export interface Superblock {
  version: number;
  /** Bytes per file address ("size of offsets"). */
  offsetSize: number;
  /** Bytes per length field ("size of lengths"). */
  lengthSize: number;
  /** Absolute position addresses are relative to (the superblock's own position). */
  base: number;
  /** Absolute address of the root group's object header. */
  rootObjectHeader: number;
}

const SIGNATURE = [0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a];

function hasSignature(bytes: Uint8Array): boolean {
  return SIGNATURE.every((b, i) => bytes[i] === b);
}

/**
 * Finds and decodes the superblock (versions 0–3). The signature sits at 0 or at a power
 * of two ≥ 512 when the file has a user block.
 */
export function readSuperblock(src: ByteSource): Superblock {
  for (let at = 0; at + 48 <= src.size; at = at === 0 ? 512 : at * 2) {
    const head = src.read(at, Math.min(128, src.size - at));
    if (!hasSignature(head)) continue;
    const c = new Cursor(head, 8);
    const version = c.u8();
    if (version === 0 || version === 1) {
      c.skip(4); // free-space, root symbol table entry and shared header versions, reserved
      const offsetSize = c.u8();
      const lengthSize = c.u8();
      checkSizes(offsetSize, lengthSize);
      c.skip(1 + 4 + 4 + (version === 1 ? 4 : 0)); // reserved, B-tree K values, consistency flags
      const base = c.uint(offsetSize);
      c.skip(3 * offsetSize); // free space info, end of file, driver info addresses
      c.skip(offsetSize); // root symbol table entry: link name offset
      const root = c.uint(offsetSize);
      return { version, offsetSize, lengthSize, base, rootObjectHeader: base + root };
    }
    if (version === 2 || version === 3) {
      const offsetSize = c.u8();
      const lengthSize = c.u8();
      checkSizes(offsetSize, lengthSize);
      c.skip(1); // consistency flags
      const base = c.uint(offsetSize);
      c.skip(2 * offsetSize); // superblock extension, end of file
      const root = c.uint(offsetSize);
      return { version, offsetSize, lengthSize, base, rootObjectHeader: base + root };
    }
    ensure(false, `superblock version ${version}`);
  }
  ensure(false, 'no HDF5 signature');
}

function checkSizes(offsetSize: number, lengthSize: number): void {
  ensure([2, 4, 8].includes(offsetSize) && [2, 4, 8].includes(lengthSize), `address/length sizes ${offsetSize}/${lengthSize}`);
}

/** One header message. */
export interface HeaderMessage {
  type: number;
  flags: number;
  data: Uint8Array;
}

/** Message types this parser reads. */
export const MessageType = {
  nil: 0x0000,
  dataspace: 0x0001,
  linkInfo: 0x0002,
  datatype: 0x0003,
  link: 0x0006,
  layout: 0x0008,
  filterPipeline: 0x000b,
  continuation: 0x0010,
  symbolTable: 0x0011,
} as const;

/** Message flag: the message is stored elsewhere and only referenced here. */
export const MESSAGE_SHARED = 0x02;

const MAX_MESSAGES = 4096;
const MAX_BLOCKS = 256;

/**
 * All messages of the object header at absolute address `address` (versions 1 and 2),
 * following continuation blocks.
 */
export function readObjectHeader(src: ByteSource, sb: Superblock, address: number): HeaderMessage[] {
  const messages: HeaderMessage[] = [];
  const blocks: { at: number; length: number }[] = [];
  const head = src.read(address, Math.min(src.size - address, 64));
  let v2: boolean;
  let creationOrderBytes = 0;
  if (head[0] === 0x4f && head[1] === 0x48 && head[2] === 0x44 && head[3] === 0x52) {
    // "OHDR": version 2
    const c = new Cursor(head, 4);
    ensure(c.u8() === 2, 'object header v2 version');
    const flags = c.u8();
    if (flags & 0x20) c.skip(16); // access/modification/change/birth times
    if (flags & 0x10) c.skip(4); // attribute storage thresholds
    const chunk0 = c.uint(1 << (flags & 0x03));
    creationOrderBytes = flags & 0x04 ? 2 : 0;
    blocks.push({ at: address + c.pos, length: chunk0 });
    v2 = true;
  } else {
    const c = new Cursor(head);
    ensure(c.u8() === 1, `object header version ${head[0]}`);
    c.skip(1 + 2 + 4); // reserved, message count, reference count
    const size = c.u32();
    blocks.push({ at: address + 16, length: size });
    v2 = false;
  }
  const seen = new Set<number>();
  for (let b = 0; b < blocks.length; b += 1) {
    ensure(b < MAX_BLOCKS, 'too many object header continuation blocks');
    const { at, length } = blocks[b];
    ensure(!seen.has(at), 'object header continuation loop');
    seen.add(at);
    const c = new Cursor(src.read(at, length));
    if (v2 && b > 0) c.signature('OCHK');
    const end = v2 && b > 0 ? length - 4 : length; // continuation blocks end with a checksum
    const headerSize = v2 ? 4 + creationOrderBytes : 8;
    while (end - c.pos >= headerSize) {
      ensure(messages.length < MAX_MESSAGES, 'too many header messages');
      let type: number;
      let size: number;
      let flags: number;
      if (v2) {
        type = c.u8();
        size = c.u16();
        flags = c.u8();
        c.skip(creationOrderBytes);
      } else {
        type = c.u16();
        size = c.u16();
        flags = c.u8();
        c.skip(3);
      }
      ensure(c.pos + size <= end, 'header message overruns its block');
      const data = c.take(size);
      if (type === MessageType.continuation) {
        const m = new Cursor(data);
        blocks.push({ at: sb.base + m.uint(sb.offsetSize), length: m.uint(sb.lengthSize) });
      } else if (type !== MessageType.nil) {
        messages.push({ type, flags, data });
      }
    }
  }
  return messages;
}
