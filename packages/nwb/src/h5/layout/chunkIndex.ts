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

/** Little-endian 64-bit unsigned integer that must be a safe JavaScript integer. */
function u64(view: DataView, at: number): number {
  const high = view.getUint32(at + 4, true);
  ensure(high < 0x200000, 'integer field exceeds 2^53');
  return high * 0x100000000 + view.getUint32(at, true);
}

/**
 * Every chunk recorded in a version-1 B-tree chunk index (node type 1), in key order.
 * `rank` is the dataset's dimensionality.
 */
export function readChunkIndex(src: ByteSource, sb: Superblock, btreeAddress: number, rank: number): StoredChunk[] {
  const chunks: StoredChunk[] = [];
  let view: DataView | undefined;
  // Key: chunk size, filter mask, then rank + 1 element offsets (the last is always 0).
  walkBtreeV1(src, sb, btreeAddress, 1, 8 + 8 * (rank + 1), (entries, at, address) => {
    if (view?.buffer !== entries.buffer || view.byteOffset !== entries.byteOffset)
      view = new DataView(entries.buffer, entries.byteOffset, entries.byteLength);
    const size = view.getUint32(at, true);
    const filterMask = view.getUint32(at + 4, true);
    const start = new Array<number>(rank);
    for (let d = 0; d < rank; d += 1) start[d] = u64(view, at + 8 + 8 * d);
    ensure(u64(view, at + 8 + 8 * rank) === 0, 'chunk key element offset');
    chunks.push({ start, address, size, filterMask });
    ensure(chunks.length <= MAX_CHUNKS, 'too many chunks');
  });
  return chunks;
}
