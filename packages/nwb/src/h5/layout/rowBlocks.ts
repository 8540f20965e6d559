import { LayoutUnsupported, ensure, type ByteSource } from './byteSource';
import type { StoredChunk } from './chunkIndex';
import type { PlainDataset } from './locatePlainDatasets';

/**
 * A run of whole rows (along axis 0) of a dataset in C order: either one file range
 * (contiguous storage, or chunks spanning every other axis) or chunks to scatter.
 */
export type RowBlock =
  | { rowStart: number; rows: number; bytes: number; kind: 'range'; address: number }
  | { rowStart: number; rows: number; bytes: number; kind: 'scatter'; chunks: StoredChunk[] };

/**
 * The chunks grouped by their first-axis offset, in increasing order. A v1 B-tree lists
 * chunks in key order, so groups are runs; other orders are sorted first.
 */
function chunkRows(chunks: readonly StoredChunk[]): StoredChunk[][] {
  let ordered: readonly StoredChunk[] = chunks;
  for (let i = 1; i < chunks.length; i += 1) {
    if (chunks[i].start[0] < chunks[i - 1].start[0]) {
      ordered = [...chunks].sort((a, b) => a.start[0] - b.start[0]);
      break;
    }
  }
  const rows: StoredChunk[][] = [];
  for (const chunk of ordered) {
    const last = rows[rows.length - 1];
    if (last !== undefined && last[0].start[0] === chunk.start[0]) last.push(chunk);
    else rows.push([chunk]);
  }
  return rows;
}

/**
 * Splits a dataset into row blocks of at most `maxBlockBytes` (contiguous storage) or one
 * block per row of chunks, where chunk rows stored back to back are joined while the block
 * stays within `joinBytes`. Raises {@link LayoutUnsupported} when a chunk row is larger
 * than `maxBlockBytes`.
 */
export function planRowBlocks(ds: PlainDataset, maxBlockBytes: number, joinBytes = maxBlockBytes): RowBlock[] {
  const rowBytes = ds.shape.slice(1).reduce((a, b) => a * b, 1) * ds.type.itemsize;
  const totalRows = ds.shape[0];
  const blocks: RowBlock[] = [];
  if (rowBytes === 0 || totalRows === 0) return blocks;
  if (ds.storage.kind === 'contiguous') {
    const per = Math.floor(maxBlockBytes / rowBytes);
    ensure(per >= 1, 'row larger than a block');
    for (let r = 0; r < totalRows; r += per) {
      const rows = Math.min(per, totalRows - r);
      blocks.push({ rowStart: r, rows, bytes: rows * rowBytes, kind: 'range', address: ds.storage.address + r * rowBytes });
    }
    return blocks;
  }
  const { chunkDims, chunks } = ds.storage;
  const spansRows = chunkDims.every((c, d) => d === 0 || c === ds.shape[d]);
  for (const list of chunkRows(chunks)) {
    const rowStart = list[0].start[0];
    const rows = Math.min(chunkDims[0], totalRows - rowStart);
    const bytes = rows * rowBytes;
    ensure(bytes <= maxBlockBytes, 'chunk row larger than a block');
    const prev = blocks[blocks.length - 1];
    if (spansRows && prev?.kind === 'range' && prev.address + prev.bytes === list[0].address && prev.bytes + bytes <= joinBytes) {
      // Chunks laid out back to back in the file (HDF5 allocates them in order): one read.
      prev.rows += rows;
      prev.bytes += bytes;
    } else if (spansRows) {
      blocks.push({ rowStart, rows, bytes, kind: 'range', address: list[0].address });
    } else {
      blocks.push({ rowStart, rows, bytes, kind: 'scatter', chunks: list });
    }
  }
  return blocks;
}

/**
 * Copies the part of one chunk that lies inside the dataset and inside rows
 * `[blockRowStart, blockRowStart + blockRows)` into `block`, which holds those rows of the
 * dataset in C order.
 */
export function scatterChunk(
  chunk: Uint8Array,
  chunkStart: number[],
  chunkDims: number[],
  shape: number[],
  itemsize: number,
  blockRowStart: number,
  blockRows: number,
  block: Uint8Array,
): void {
  const rank = shape.length;
  const extent = chunkDims.map((c, d) => Math.min(c, shape[d] - chunkStart[d]));
  // Rows of the chunk (index along axis 0) that fall inside the block.
  const firstRow = Math.max(0, blockRowStart - chunkStart[0]);
  const endRow = Math.min(extent[0], blockRowStart + blockRows - chunkStart[0]);
  if (firstRow >= endRow) return;
  if (rank === 1) {
    block.set(chunk.subarray(firstRow * itemsize, endRow * itemsize), (chunkStart[0] + firstRow - blockRowStart) * itemsize);
    return;
  }
  // Strides (in elements) of the chunk buffer and of the dataset.
  const chunkStride = new Array<number>(rank).fill(1);
  const dataStride = new Array<number>(rank).fill(1);
  for (let d = rank - 2; d >= 0; d -= 1) {
    chunkStride[d] = chunkStride[d + 1] * chunkDims[d + 1];
    dataStride[d] = dataStride[d + 1] * shape[d + 1];
  }
  const runBytes = extent[rank - 1] * itemsize;
  const index = new Array<number>(rank).fill(0);
  index[0] = firstRow;
  for (;;) {
    // index[rank - 1] stays 0: the innermost axis is copied as one run.
    let src = 0;
    let dst = 0;
    for (let d = 0; d < rank; d += 1) {
      src += index[d] * chunkStride[d];
      dst += (chunkStart[d] + index[d] - (d === 0 ? blockRowStart : 0)) * dataStride[d];
    }
    block.set(chunk.subarray(src * itemsize, src * itemsize + runBytes), dst * itemsize);
    let d = rank - 2;
    while (d >= 0) {
      index[d] += 1;
      if (index[d] < (d === 0 ? endRow : extent[d])) break;
      index[d] = d === 0 ? firstRow : 0;
      d -= 1;
    }
    if (d < 0) break;
  }
}

/**
 * The bytes of one row block in C order (`into`, if given, must hold `block.bytes`).
 * Element bytes are returned as stored: the fast path only admits little-endian types.
 */
export function readRowBlock(src: ByteSource, ds: PlainDataset, block: RowBlock, into?: Uint8Array): Uint8Array {
  if (block.kind === 'range') {
    if (into === undefined) return src.read(block.address, block.bytes);
    const out = into.subarray(0, block.bytes);
    src.readInto(block.address, out);
    return out;
  }
  if (ds.storage.kind !== 'chunked') throw new LayoutUnsupported('scatter block of contiguous storage');
  const out = into === undefined ? new Uint8Array(block.bytes) : into.subarray(0, block.bytes);
  const chunkBytes = ds.storage.chunkDims.reduce((a, b) => a * b, 1) * ds.type.itemsize;
  for (const chunk of block.chunks) {
    scatterChunk(
      src.read(chunk.address, chunkBytes),
      chunk.start,
      ds.storage.chunkDims,
      ds.shape,
      ds.type.itemsize,
      block.rowStart,
      block.rows,
      out,
    );
  }
  return out;
}

/**
 * Rows `[start, start + count)` of a located dataset, read straight from the file into
 * `target` (C order, `count × row bytes`). Chunks that span whole rows are read in place;
 * others are read whole and their rows in the window copied.
 */
export class PlainRowReader {
  private readonly rowBytes: number;
  private readonly chunkRows = new Map<number, StoredChunk[]>();
  private scratch = new Uint8Array(0);

  constructor(
    private readonly src: ByteSource,
    readonly dataset: PlainDataset,
  ) {
    this.rowBytes = dataset.shape.slice(1).reduce((a, b) => a * b, 1) * dataset.type.itemsize;
    if (dataset.storage.kind === 'chunked') {
      for (const chunk of dataset.storage.chunks) {
        const list = this.chunkRows.get(chunk.start[0]);
        if (list === undefined) this.chunkRows.set(chunk.start[0], [chunk]);
        else list.push(chunk);
      }
    }
  }

  readRowsInto(start: number, count: number, target: Uint8Array): Uint8Array {
    const { shape, storage, type } = this.dataset;
    ensure(
      Number.isInteger(start) && Number.isInteger(count) && start >= 0 && count >= 0 && start + count <= shape[0],
      `rows ${start}+${count} outside ${shape[0]}`,
    );
    const out = target.subarray(0, count * this.rowBytes);
    ensure(out.byteLength === count * this.rowBytes, 'target too small');
    if (count === 0) return out;
    if (storage.kind === 'contiguous') {
      this.src.readInto(storage.address + start * this.rowBytes, out);
      return out;
    }
    const { chunkDims } = storage;
    const spansRows = chunkDims.every((c, d) => d === 0 || c === shape[d]);
    const chunkBytes = chunkDims.reduce((a, b) => a * b, 1) * type.itemsize;
    const end = start + count;
    for (let r0 = start - (start % chunkDims[0]); r0 < end; r0 += chunkDims[0]) {
      const chunks = this.chunkRows.get(r0);
      ensure(chunks !== undefined, `no chunk row at ${r0}`);
      const lo = Math.max(start, r0);
      const hi = Math.min(end, r0 + chunkDims[0]);
      if (spansRows) {
        this.src.readInto(
          chunks[0].address + (lo - r0) * this.rowBytes,
          out.subarray((lo - start) * this.rowBytes, (hi - start) * this.rowBytes),
        );
        continue;
      }
      if (this.scratch.byteLength < chunkBytes) this.scratch = new Uint8Array(chunkBytes);
      const chunkBuffer = this.scratch.subarray(0, chunkBytes);
      for (const chunk of chunks) {
        this.src.readInto(chunk.address, chunkBuffer);
        scatterChunk(chunkBuffer, chunk.start, chunkDims, shape, type.itemsize, start, count, out);
      }
    }
    return out;
  }
}
