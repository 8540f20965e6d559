/**
 * Finds the raw bytes of plain numeric datasets by reading HDF5 structures directly.
 *
 * Why this exists next to h5wasm: h5wasm needs ~0.25 s to start (4 MB of glue + wasm
 * compile and relocation) and has no API for storage addresses, and jsfive only parses a
 * file held whole in memory. Hashing a raw recording is md5-bound, so locating the big
 * datasets without either lets md5 start at once while h5wasm loads (see
 * `hashing/prehash`). The subset handled is deliberately small — superblocks 0–3,
 * object headers 1–2, old- and new-style groups, little-endian integer/IEEE float data,
 * contiguous or v1-B-tree chunked storage without filters. Anything else raises
 * {@link LayoutUnsupported} for that object, and the hasher reads it through h5wasm,
 * which also supplies every digest's metadata and checks each fast-path answer.
 */
import { compareCodePoints } from '../../python-format/dumpPythonJson';
import { LayoutUnsupported, ensure, type ByteSource } from './byteSource';
import { readChunkIndex, type StoredChunk } from './chunkIndex';
import { readGroupLinks } from './groupLinks';
import { decodeDataspace, decodeLayout, decodePlainNumericType, filterCount, type PlainNumericType } from './messages';
import { MESSAGE_SHARED, MessageType, readObjectHeader, readSuperblock, type HeaderMessage, type Superblock } from './objectHeader';

/** Where a plain dataset's elements are stored. */
export type PlainStorage = { kind: 'contiguous'; address: number } | { kind: 'chunked'; chunkDims: number[]; chunks: StoredChunk[] };

/** A dataset whose bytes can be hashed without h5wasm. */
export interface PlainDataset {
  /** Path relative to the root, as h5py's `visititems` first meets it. */
  path: string;
  /** Object header address as stored in object references (relative to the base address). */
  objectAddress: number;
  shape: number[];
  type: PlainNumericType;
  storage: PlainStorage;
}

/** Options of {@link locatePlainDatasets}. */
export interface LocateOptions {
  /** Only datasets holding at least this many bytes are returned. */
  minBytes: number;
}

const MAX_OBJECTS = 200_000;

function elementCount(shape: number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

/**
 * Plain numeric datasets of at least `minBytes`, in path order (code points). Objects the
 * parser cannot read are skipped; a file it cannot start on raises {@link LayoutUnsupported}.
 */
export function locatePlainDatasets(src: ByteSource, options: LocateOptions): PlainDataset[] {
  const sb = readSuperblock(src);
  const found: PlainDataset[] = [];
  const seen = new Set<number>([sb.rootObjectHeader]);
  const visitGroup = (links: ReturnType<typeof readGroupLinks>, prefix: string): void => {
    const sorted = [...(links ?? [])].sort((a, b) => compareCodePoints(a.name, b.name));
    for (const link of sorted) {
      if (link.address === undefined || seen.has(link.address)) continue;
      seen.add(link.address);
      ensure(seen.size <= MAX_OBJECTS, 'too many objects');
      const path = prefix === '' ? link.name : `${prefix}/${link.name}`;
      let messages: HeaderMessage[];
      try {
        messages = readObjectHeader(src, sb, link.address);
      } catch (error) {
        if (error instanceof LayoutUnsupported) continue;
        throw error;
      }
      if (messages.some((m) => m.type === MessageType.layout)) {
        const dataset = plainDataset(src, sb, messages, path, link.address - sb.base, options);
        if (dataset !== undefined) found.push(dataset);
        continue;
      }
      let children: ReturnType<typeof readGroupLinks>;
      try {
        children = readGroupLinks(src, sb, messages);
      } catch (error) {
        if (error instanceof LayoutUnsupported) continue; // its datasets take the h5wasm path
        throw error;
      }
      if (children !== undefined) visitGroup(children, path);
    }
  };
  visitGroup(readGroupLinks(src, sb, readObjectHeader(src, sb, sb.rootObjectHeader)), '');
  return found.sort((a, b) => compareCodePoints(a.path, b.path));
}

function plainDataset(
  src: ByteSource,
  sb: Superblock,
  messages: HeaderMessage[],
  path: string,
  objectAddress: number,
  options: LocateOptions,
): PlainDataset | undefined {
  try {
    const get = (type: number): HeaderMessage => {
      const m = messages.filter((x) => x.type === type);
      ensure(m.length === 1, `expected one message of type ${type}`);
      ensure((m[0].flags & MESSAGE_SHARED) === 0, 'shared message');
      return m[0];
    };
    const filters = messages.find((m) => m.type === MessageType.filterPipeline);
    ensure(filters === undefined || filterCount(filters.data) === 0, 'filtered dataset');
    const shape = decodeDataspace(get(MessageType.dataspace).data, sb);
    ensure(shape !== null && shape.length > 0, 'scalar or null dataspace');
    const type = decodePlainNumericType(get(MessageType.datatype).data);
    const nbytes = elementCount(shape) * type.itemsize;
    if (nbytes < options.minBytes || nbytes === 0) return undefined;
    const layout = decodeLayout(get(MessageType.layout).data, sb);
    if (layout.kind === 'contiguous') {
      ensure(layout.address !== undefined && layout.size >= nbytes && layout.address + nbytes <= src.size, 'contiguous storage');
      return { path, objectAddress, shape, type, storage: { kind: 'contiguous', address: layout.address } };
    }
    ensure(layout.btreeAddress !== undefined && layout.chunkDims.length === shape.length, 'chunk index');
    const chunks = readChunkIndex(src, sb, layout.btreeAddress, shape.length);
    checkChunkCoverage(chunks, shape, layout.chunkDims, type.itemsize, src.size);
    return { path, objectAddress, shape, type, storage: { kind: 'chunked', chunkDims: layout.chunkDims, chunks } };
  } catch (error) {
    if (error instanceof LayoutUnsupported) return undefined;
    throw error;
  }
}

/**
 * Every chunk the dataset's extent needs is stored exactly once, unfiltered, at full
 * chunk size and inside the file (unwritten chunks would read as the fill value).
 */
export function checkChunkCoverage(chunks: StoredChunk[], shape: number[], chunkDims: number[], itemsize: number, fileSize: number): void {
  ensure(
    chunkDims.every((d) => d > 0),
    'zero chunk dimension',
  );
  const chunkBytes = elementCount(chunkDims) * itemsize;
  const grid = shape.map((n, d) => Math.ceil(n / chunkDims[d]));
  ensure(chunks.length === elementCount(grid), `${chunks.length} chunks stored for a grid of ${elementCount(grid)}`);
  const seen = new Uint8Array(chunks.length); // grid cells, row-major
  for (const chunk of chunks) {
    ensure(chunk.filterMask === 0 && chunk.size === chunkBytes, 'chunk size or filter mask');
    ensure(chunk.address + chunkBytes <= fileSize, 'chunk outside the file');
    let cell = 0;
    for (let d = 0; d < shape.length; d += 1) {
      const s = chunk.start[d];
      ensure(s % chunkDims[d] === 0 && s < shape[d], 'chunk offset');
      cell = cell * grid[d] + s / chunkDims[d];
    }
    ensure(seen[cell] === 0, 'chunk stored twice');
    seen[cell] = 1;
  }
}
