/** Chunk and buffer shapes chosen by hdmf's `GenericDataChunkIterator`. */
export interface HdmfChunkShape {
  /** HDF5 chunk shape of the written dataset. */
  chunkShape: number[];
  /** Shape of one iterator buffer (the rows Spyglass filters and writes at once). */
  bufferShape: number[];
}

export interface HdmfChunkShapeOptions {
  /** @default 5 — `buffer_gb` Spyglass passes to `SpikeInterfaceRecordingDataChunkIterator`. */
  bufferGb?: number;
  /** @default 1 — hdmf's default `chunk_mb`. */
  chunkMb?: number;
}

const product = (xs: readonly number[]): number => xs.reduce((a, b) => a * b, 1);

/**
 * Restates hdmf 3.5.1 `GenericDataChunkIterator._get_default_chunk_shape` and
 * `_get_default_buffer_shape` (see `hdmf_buffer_rows` in the reference pipeline), so the
 * written dataset gets the same HDF5 chunking as the Spyglass file.
 */
export function hdmfChunkShape(maxshape: readonly number[], itemsize: number, options: HdmfChunkShapeOptions = {}): HdmfChunkShape {
  const { bufferGb = 5, chunkMb = 1 } = options;
  if (maxshape.length === 0 || maxshape.some((m) => !Number.isInteger(m) || m <= 0)) {
    throw new RangeError(`hdmfChunkShape: maxshape must be positive integers, got [${maxshape.join(', ')}]`);
  }
  const nDims = maxshape.length;
  const chunkBytes = chunkMb * 1e6;
  const minMaxshape = Math.min(...maxshape);
  let v = maxshape.map((m) => Math.floor(m / minMaxshape));
  let prodV = product(v);
  while (prodV * itemsize > chunkBytes && prodV !== 1) {
    const nonUnitMin = Math.min(...v.filter((x) => x !== 1));
    v = v.map((x) => (x !== 1 ? Math.floor(x / nonUnitMin) : x));
    prodV = product(v);
  }
  const k = Math.floor((chunkBytes / (prodV * itemsize)) ** (1 / nDims));
  const chunkShape = v.map((x, d) => Math.min(k * x, maxshape[d]));
  const kb = Math.floor(((bufferGb * 1e9) / (product(chunkShape) * itemsize)) ** (1 / chunkShape.length));
  const bufferShape = chunkShape.map((x, j) => Math.min(Math.max(kb * x, chunkShape[j]), maxshape[j]));
  return { chunkShape, bufferShape };
}
