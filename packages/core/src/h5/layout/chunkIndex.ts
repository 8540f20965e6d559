import { ensure, type ByteSource } from './byteSource';
import { walkBtreeV1 } from './btreeV1';
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

const MAX_CHUNKS = 50_000_000;

/**
 * Every chunk recorded in a version-1 B-tree chunk index (node type 1), in key order.
 * `rank` is the dataset's dimensionality.
 */
export function readChunkIndex(src: ByteSource, sb: Superblock, btreeAddress: number, rank: number): StoredChunk[] {
  const chunks: StoredChunk[] = [];
  // Key: chunk size, filter mask, then rank + 1 element offsets (the last is always 0).
  walkBtreeV1(src, sb, btreeAddress, 1, 8 + 8 * (rank + 1), (key, address) => {
    const size = key.u32();
    const filterMask = key.u32();
    const start: number[] = [];
    for (let d = 0; d <= rank; d += 1) start.push(key.uint(8));
    ensure(start[rank] === 0, 'chunk key element offset');
    chunks.push({ start: start.slice(0, rank), address, size, filterMask });
    ensure(chunks.length <= MAX_CHUNKS, 'too many chunks');
  });
  return chunks;
}
