/** A half-open sample range `[start, end)` within one segment. */
export interface ChunkRange {
  start: number;
  end: number;
}

/** A chunk plus the margins spikeinterface's `get_chunk_with_margin` reads around it. */
export interface FilterCall extends ChunkRange {
  /** Samples read before `start` (`min(start, margin)`; no padding at segment edges). */
  leftMargin: number;
  /** Samples read after `end` (`min(n - end, margin)`). */
  rightMargin: number;
}

/**
 * spikeinterface `divide_segment_into_chunks`: full chunks of `chunkSize`, then the
 * partial remainder.
 */
export function divideIntoChunks(numSamples: number, chunkSize: number): ChunkRange[] {
  if (!(chunkSize > 0) || !Number.isInteger(chunkSize)) throw new RangeError(`chunk size ${chunkSize} must be a positive integer`);
  const chunks: ChunkRange[] = [];
  const full = Math.floor(numSamples / chunkSize);
  for (let i = 0; i < full; i++) chunks.push({ start: i * chunkSize, end: (i + 1) * chunkSize });
  if (numSamples % chunkSize) chunks.push({ start: full * chunkSize, end: numSamples });
  return chunks;
}

/** spikeinterface filter margin: `int(marginMs * fs / 1000)` (5 ms default). */
export function filterMarginSamples(samplingFrequency: number, marginMs = 5.0): number {
  return Math.trunc((marginMs * samplingFrequency) / 1000.0);
}

/** v0 `recording.save(chunk_duration="10000ms")` chunk size: `int(10.0 * fs)`. */
export function v0ChunkSize(samplingFrequency: number, chunkDurationS = 10.0): number {
  return Math.trunc(chunkDurationS * samplingFrequency);
}

/** Adds the left/right margins of every chunk of a segment of `numSamples` samples. */
export function filterCalls(chunks: ChunkRange[], numSamples: number, margin: number): FilterCall[] {
  return chunks.map(({ start, end }) => ({
    start,
    end,
    leftMargin: Math.min(start, margin),
    rightMargin: Math.min(numSamples - end, margin),
  }));
}

/** hdmf `GenericDataChunkIterator` default chunk and buffer shapes. */
export interface HdmfShapes {
  chunkShape: number[];
  bufferShape: number[];
}

/**
 * hdmf `GenericDataChunkIterator._get_default_chunk_shape` / `_get_default_buffer_shape`
 * for `maxshape` and item size (bytes), with `buffer_gb` = 5 as Spyglass v1 passes it.
 * `chunk_mb` is hdmf's default: 1 up to hdmf 3.8, 10 from hdmf 3.9 (same formula; measured
 * in `multiversion/README.md`: hdmf 3.14.5 gives (60000, 4) short, (292500, 2) long).
 * The buffer rows decide v1's filter chunks.
 */
export function hdmfBufferShape(maxshape: number[], itemsize: number, bufferGb = 5.0, chunkMb = 1.0): HdmfShapes {
  const nDims = maxshape.length;
  const chunkBytes = chunkMb * 1e6;
  const minMaxshape = Math.min(...maxshape);
  let v = maxshape.map((m) => Math.floor(m / minMaxshape));
  const prod = (a: number[]): number => a.reduce((x, y) => x * y, 1);
  let prodV = prod(v);
  while (prodV * itemsize > chunkBytes && prodV !== 1) {
    const nonUnitMin = Math.min(...v.filter((x) => x !== 1));
    v = v.map((x) => (x !== 1 ? Math.floor(x / nonUnitMin) : x));
    prodV = prod(v);
  }
  const k = Math.floor((chunkBytes / (prodV * itemsize)) ** (1 / nDims));
  const chunkShape = v.map((x, d) => Math.min(k * x, maxshape[d]));
  const kb = Math.floor(((bufferGb * 1e9) / (prod(chunkShape) * itemsize)) ** (1 / chunkShape.length));
  const bufferShape = chunkShape.map((x, j) => Math.min(Math.max(kb * x, chunkShape[j]), maxshape[j]));
  return { chunkShape, bufferShape };
}
