import fs from 'node:fs';
import { analysisNwbErrors } from './analysisNwbErrors';
import { jenkinsLookup3 } from './jenkinsLookup3';

/**
 * Called for each header message with its type and body (a view into the header bytes);
 * mutate `body` in place and return true to have the header chunk rewritten.
 */
export type HeaderMessageVisitor = (type: number, body: Buffer) => boolean;

const CONTINUATION = 0x10;

function invariant(message: string): never {
  throw analysisNwbErrors.headerPatchFailed(message);
}

function readAt(fd: number, position: number, length: number): Buffer {
  const buf = Buffer.alloc(length);
  const n = fs.readSync(fd, buf, 0, length, position);
  if (n !== length) invariant(`short read of ${length} bytes at ${position}`);
  return buf;
}

/** Walks the messages in `chunk[start, end)`; returns continuation blocks and whether any changed. */
function visitMessages(
  chunk: Buffer,
  start: number,
  end: number,
  msgHeader: number,
  visit: HeaderMessageVisitor,
): { changed: boolean; next: [number, number][] } {
  let changed = false;
  const next: [number, number][] = [];
  let pos = start;
  while (pos + msgHeader <= end) {
    const type = chunk[pos];
    const size = chunk.readUInt16LE(pos + 1);
    if (pos + msgHeader + size > end) invariant(`header message at ${pos} overruns its chunk`);
    const body = chunk.subarray(pos + msgHeader, pos + msgHeader + size);
    if (type === CONTINUATION) next.push([Number(body.readBigUInt64LE(0)), Number(body.readBigUInt64LE(8))]);
    if (visit(type, body)) changed = true;
    pos += msgHeader + size;
  }
  return { changed, next };
}

/**
 * Lets `visit` edit, in place and without changing sizes, every message of the version-2
 * object header at `address` (chunk 0 and its `OCHK` continuation chunks) of the file open
 * as `fd`, and re-seals each edited chunk's lookup3 checksum. HDF5 (in h5wasm, with its
 * default `v108` lower bound) writes version-2 headers; anything else is refused.
 */
export function rewriteObjectHeader(fd: number, address: number, visit: HeaderMessageVisitor): void {
  const head = readAt(fd, address, 32);
  if (head.toString('latin1', 0, 4) !== 'OHDR' || head[4] !== 2) invariant(`object header at ${address} is not a version-2 header`);
  const flags = head[5];
  let off = 6;
  if (flags & 0x20) off += 16; // access/modification/change/birth times
  if (flags & 0x10) off += 4; // attribute phase-change values
  const sizeBytes = 1 << (flags & 0x03);
  let chunkSize = 0;
  for (let i = 0; i < sizeBytes; i += 1) chunkSize += head[off + i] * 2 ** (8 * i);
  off += sizeBytes;
  const msgHeader = flags & 0x04 ? 6 : 4;

  const chunks: { position: number; bytes: Buffer; start: number; end: number }[] = [];
  const chunk0 = readAt(fd, address, off + chunkSize + 4);
  chunks.push({ position: address, bytes: chunk0, start: off, end: off + chunkSize });
  for (let i = 0; i < chunks.length; i += 1) {
    const c = chunks[i];
    if (jenkinsLookup3(c.bytes.subarray(0, c.end)) !== c.bytes.readUInt32LE(c.end))
      invariant(`object header chunk at ${c.position} fails its checksum`);
    const { changed, next } = visitMessages(c.bytes, c.start, c.end, msgHeader, visit);
    if (changed) {
      c.bytes.writeUInt32LE(jenkinsLookup3(c.bytes.subarray(0, c.end)), c.end);
      fs.writeSync(fd, c.bytes, 0, c.bytes.length, c.position);
    }
    for (const [position, length] of next) {
      const bytes = readAt(fd, position, length);
      if (bytes.toString('latin1', 0, 4) !== 'OCHK') invariant(`continuation chunk at ${position} has no OCHK signature`);
      chunks.push({ position, bytes, start: 4, end: length - 4 });
    }
  }
}
