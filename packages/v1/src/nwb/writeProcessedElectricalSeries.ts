import { analysisNwbErrors } from './analysisNwbErrors';
import type { H5Wasm } from '@spyglass-recompute/nwb';
import { hdmfChunkShape } from './hdmfChunkShape';

type Group = InstanceType<H5Wasm['Group']>;
type Dataset = InstanceType<H5Wasm['Dataset']>;

/**
 * Rows `[start, start + data.length / width)` of a row-major (time × columns) block, where
 * width is `columnEnd - columnStart` (all columns when those are absent). A row range may
 * arrive as several column groups, in column order, before the next row range.
 */
export interface RowChunk {
  start: number;
  data: Float64Array;
  /** First column of this block. @default 0 */
  columnStart?: number;
  /** End (exclusive) of this block's columns. @default all columns */
  columnEnd?: number;
}

/**
 * A stream of row chunks, in increasing `start` order, covering every row exactly once. The
 * writer is done with a chunk's `data` when it asks for the next chunk (it keeps no
 * reference), so a source may refill one buffer for every chunk.
 */
export type RowChunkSource = AsyncIterable<RowChunk> | Iterable<RowChunk>;

/** Everything the `ElectricalSeries` group of the analysis file holds. */
export interface ProcessedElectricalSeriesInput {
  /** Group name under `/acquisition`. @default 'ProcessedElectricalSeries' */
  name?: string;
  numSamples: number;
  numChannels: number;
  /** Filtered traces, float64, unscaled (raw units). */
  data: RowChunkSource;
  /** Sample times in seconds: the whole array, or a stream of 1-column chunks. */
  timestamps: Float64Array | RowChunkSource;
  /** Row indices into `/general/extracellular_ephys/electrodes` (written as int64). */
  electrodes: BigInt64Array | readonly number[];
  /** `data@conversion` (gain in µV × 1e-6). */
  conversion: number;
  description: string;
  /** @default 'Bandpass filtered for spike band' */
  filtering?: string;
  /** @default 'no comments' */
  comments?: string;
  /** `electrodes@description`. @default 'Sort group' */
  electrodesDescription?: string;
  seriesObjectId: string;
  electrodesObjectId: string;
  /** hdmf iterator `buffer_gb`, which only matters for the chunk shape. @default 5 */
  bufferGb?: number;
  /** hdmf iterator default `chunk_mb` (1 up to hdmf 3.8, 10 from 3.9). @default 1 */
  chunkMb?: number;
}

/** HDF5 chunk shapes used for the series datasets. */
export interface ProcessedElectricalSeriesLayout {
  dataChunks: number[];
  timestampsChunks: number[];
}

/** Float64 values per slab written at once (8 MiB of wasm heap per write). */
const WRITE_BATCH_VALUES = 1024 * 1024;

function badInput(message: string): never {
  throw analysisNwbErrors.seriesInputInvalid(message);
}

/** Creates a fixed-size chunked float64 dataset without allocating its content. */
function createChunkedFloat64(parent: Group, name: string, shape: number[], chunks: number[]): Dataset {
  const empty = [0, ...shape.slice(1)];
  const ds = parent.create_dataset({ name, data: new Float64Array(0), shape: empty, maxshape: shape, chunks, dtype: '<d' });
  ds.resize(shape);
  return ds;
}

/**
 * Writes a stream of row chunks into `ds`, re-blocked into slabs of whole HDF5 chunk rows:
 * a write that covers a chunk only partly makes HDF5 read it back and rewrite it, which
 * made arbitrary caller chunking several times slower. A slab holds at most
 * WRITE_BATCH_VALUES values (or one chunk row), which bounds the wasm-heap copy per write.
 * Whole chunk rows that start at a chunk boundary (the v1 filter calls are whole hdmf
 * buffers) skip the slab and are written from the caller's block in slab-sized writes.
 */
async function streamRows(
  ds: Dataset,
  source: RowChunkSource,
  numRows: number,
  columns: number,
  chunkRows: number,
  what: string,
): Promise<void> {
  const slabRows = Math.min(numRows, chunkRows * Math.max(1, Math.floor(WRITE_BATCH_VALUES / (chunkRows * columns))));
  const slab = new Float64Array(slabRows * columns);
  let slabStart = 0; // first row held in `slab`
  let filled = 0; // rows currently in `slab`
  const flush = (): void => {
    if (filled === 0) return;
    const part = slab.subarray(0, filled * columns);
    ds.write_slice(columns === 1 ? [[slabStart, slabStart + filled]] : [[slabStart, slabStart + filled], []], part);
    slabStart += filled;
    filled = 0;
  };
  let next = 0;
  let nextColumn = 0; // inside a row range that arrives in column groups
  for await (const chunk of source) {
    const c0 = chunk.columnStart ?? 0;
    const c1 = chunk.columnEnd ?? columns;
    if (!(Number.isInteger(c0) && Number.isInteger(c1) && c0 >= 0 && c0 < c1 && c1 <= columns))
      badInput(`${what}: chunk at row ${chunk.start} has columns ${c0}..${c1} of ${columns}`);
    const width = c1 - c0;
    const rows = chunk.data.length / width;
    if (!Number.isInteger(rows))
      badInput(`${what}: chunk at row ${chunk.start} has ${chunk.data.length} values, not a multiple of ${width} columns`);
    if (chunk.start !== next) badInput(`${what}: expected a chunk starting at row ${next}, got one starting at ${chunk.start}`);
    if (next + rows > numRows) badInput(`${what}: chunk at row ${chunk.start} ends past the ${numRows} declared rows`);
    if (width !== columns) {
      // A column group: written straight into its hyperslab (HDF5 merges it into the
      // chunks); the row range is done once its last group is in.
      if (c0 !== nextColumn) badInput(`${what}: expected columns from ${nextColumn} at row ${chunk.start}, got ${c0}..${c1}`);
      flush();
      ds.write_slice(
        [
          [chunk.start, chunk.start + rows],
          [c0, c1],
        ],
        chunk.data,
      );
      nextColumn = c1 === columns ? 0 : c1;
      if (nextColumn === 0) {
        next += rows;
        slabStart = next;
      }
      continue;
    }
    if (nextColumn !== 0) badInput(`${what}: rows ${chunk.start}.. arrived before columns ${nextColumn}.. of the previous rows`);
    let r = 0;
    while (r < rows) {
      if (filled === 0 && slabStart % chunkRows === 0) {
        // Whole chunk rows from a chunk boundary are written straight from the caller's
        // block (a slab's worth at most per write), without a copy into the slab.
        const whole = Math.min(slabRows, Math.floor((rows - r) / chunkRows) * chunkRows);
        if (whole > 0) {
          const part = chunk.data.subarray(r * columns, (r + whole) * columns);
          ds.write_slice(columns === 1 ? [[slabStart, slabStart + whole]] : [[slabStart, slabStart + whole], []], part);
          slabStart += whole;
          r += whole;
          continue;
        }
      }
      const take = Math.min(rows - r, slabRows - filled);
      slab.set(chunk.data.subarray(r * columns, (r + take) * columns), filled * columns);
      filled += take;
      r += take;
      if (filled === slabRows) flush();
    }
    next += rows;
  }
  if (nextColumn !== 0) badInput(`${what}: stream ended inside a row range at column ${nextColumn}`);
  if (next !== numRows) badInput(`${what}: stream ended after ${next} of ${numRows} rows`);
  flush();
}

/**
 * Writes `{parent}/{name}` as pynwb 2.3.1 (and 2.8.2, same attributes) writes Spyglass's `ProcessedElectricalSeries`
 * (attribute types matched to the golden file: variable-length UTF-8 strings, float64
 * `conversion`/`offset`/`resolution`, int64 `interval`), streaming `data` and `timestamps`
 * into datasets chunked like hdmf's `GenericDataChunkIterator`.
 */
export async function writeProcessedElectricalSeries(
  h5: H5Wasm,
  acquisition: Group,
  input: ProcessedElectricalSeriesInput,
): Promise<ProcessedElectricalSeriesLayout> {
  const { numSamples, numChannels } = input;
  if (!Number.isInteger(numSamples) || numSamples < 1) badInput(`numSamples must be a positive integer, got ${numSamples}`);
  if (!Number.isInteger(numChannels) || numChannels < 1) badInput(`numChannels must be a positive integer, got ${numChannels}`);
  const electrodes = input.electrodes instanceof BigInt64Array ? input.electrodes : BigInt64Array.from(input.electrodes, (i) => BigInt(i));
  if (electrodes.length !== numChannels) badInput(`electrodes has ${electrodes.length} entries for ${numChannels} channels`);

  const options = { bufferGb: input.bufferGb ?? 5, chunkMb: input.chunkMb ?? 1 };
  const dataChunks = hdmfChunkShape([numSamples, numChannels], 8, options).chunkShape;
  const timestampsChunks = hdmfChunkShape([numSamples], 8, options).chunkShape;

  const series = acquisition.create_group(input.name ?? 'ProcessedElectricalSeries');
  const str = (obj: Group | Dataset, name: string, value: string): void => obj.create_attribute(name, value, [], 'S');
  str(series, 'comments', input.comments ?? 'no comments');
  str(series, 'description', input.description);
  str(series, 'filtering', input.filtering ?? 'Bandpass filtered for spike band');
  str(series, 'namespace', 'core');
  str(series, 'neurodata_type', 'ElectricalSeries');
  str(series, 'object_id', input.seriesObjectId);

  const data = createChunkedFloat64(series, 'data', [numSamples, numChannels], dataChunks);
  data.create_attribute('conversion', input.conversion, [], '<d');
  data.create_attribute('offset', 0, [], '<d');
  data.create_attribute('resolution', -1, [], '<d');
  str(data, 'unit', 'volts');
  await streamRows(data, input.data, numSamples, numChannels, dataChunks[0], `${series.path}/data`);

  const region = series.create_dataset({ name: 'electrodes', data: electrodes, shape: [electrodes.length], dtype: '<q' });
  str(region, 'description', input.electrodesDescription ?? 'Sort group');
  str(region, 'namespace', 'hdmf-common');
  str(region, 'neurodata_type', 'DynamicTableRegion');
  str(region, 'object_id', input.electrodesObjectId);
  const table = acquisition.get('/general/extracellular_ephys/electrodes');
  if (!(table instanceof h5.Group))
    badInput('the raw file has no /general/extracellular_ephys/electrodes table to point the electrodes region at');
  region.create_attribute('table', table.create_reference(), [], 'Reference');

  const timestamps = createChunkedFloat64(series, 'timestamps', [numSamples], timestampsChunks);
  timestamps.create_attribute('interval', new BigInt64Array([1n]), [], '<q');
  str(timestamps, 'unit', 'seconds');
  const tsSource: RowChunkSource = input.timestamps instanceof Float64Array ? [{ start: 0, data: input.timestamps }] : input.timestamps;
  await streamRows(timestamps, tsSource, numSamples, 1, timestampsChunks[0], `${series.path}/timestamps`);

  return { dataChunks, timestampsChunks };
}
