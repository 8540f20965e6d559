import { hdmfBufferShape } from '@spyglass-recompute/preprocessing';

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

/**
 * hdmf 3.5.1's default chunk/buffer shapes for the written dataset — the same formula that
 * decides v1's filter chunks, so it is computed in one place (preprocessing's
 * `hdmfBufferShape`); this adds the input check the writer wants.
 */
export function hdmfChunkShape(maxshape: readonly number[], itemsize: number, options: HdmfChunkShapeOptions = {}): HdmfChunkShape {
  if (maxshape.length === 0 || maxshape.some((m) => !Number.isInteger(m) || m <= 0)) {
    throw new RangeError(`hdmfChunkShape: maxshape must be positive integers, got [${maxshape.join(', ')}]`);
  }
  return hdmfBufferShape([...maxshape], itemsize, options.bufferGb ?? 5, options.chunkMb ?? 1);
}
