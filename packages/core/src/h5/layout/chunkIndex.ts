import { Cursor, ensure, type ByteSource } from './byteSource';
import type { Superblock } from './objectHeader';

/** One stored chunk of a chunked dataset. */
export interface StoredChunk {
  /** Element offsets of the chunk's first element, one per dataset dimension. */
  start: number[];
  /** Absolute file address of the chunk's bytes. */
  address: number;
  /** Stored size in bytes. */
  size: number;
  /** Bit i set = filter i of the pipeline was skipped for this chunk. */
  filterMask: number;
}

const MAX_DEPTH = 32;
const MAX_CHUNKS = 50_000_000;

/**
 * Every chunk recorded in a version-1 B-tree chunk index (node type 1), in key order.
 * `rank` is the dataset's dimensionality.
 */
export function readChunkIndex(src: ByteSource, sb: Superblock, btreeAddress: number, rank: number): StoredChunk[] {
  const keySize = 8 + 8 * (rank + 1);
  const chunks: StoredChunk[] = [];
  const seen = new Set<number>();
  const visit = (address: number, depth: number): void => {
    ensure(depth <= MAX_DEPTH && !seen.has(address), 'chunk B-tree loop');
    seen.add(address);
    const head = new Cursor(src.read(address, 8 + 2 * sb.offsetSize));
    head.signature('TREE');
    ensure(head.u8() === 1, 'chunk B-tree node type');
    const level = head.u8();
    const entries = head.u16();
    const c = new Cursor(src.read(address + head.pos + 2 * sb.offsetSize, entries * (keySize + sb.offsetSize) + keySize));
    for (let i = 0; i < entries; i += 1) {
      const size = c.u32();
      const filterMask = c.u32();
      const start: number[] = [];
      for (let d = 0; d <= rank; d += 1) start.push(c.uint(8));
      const child = sb.base + c.uint(sb.offsetSize);
      if (level === 0) {
        ensure(start[rank] === 0, 'chunk key element offset');
        chunks.push({ start: start.slice(0, rank), address: child, size, filterMask });
        ensure(chunks.length <= MAX_CHUNKS, 'too many chunks');
      } else {
        visit(child, depth + 1);
      }
    }
  };
  visit(btreeAddress, 0);
  return chunks;
}
