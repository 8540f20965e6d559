import { existsSync } from 'node:fs';
import { loadH5wasm, withH5File } from '@spyglass-recompute/nwb';
import type { H5File } from '@spyglass-recompute/nwb';
import { rawRecordingErrors } from './rawRecordingErrors';

type H5Entity = ReturnType<H5File['get']>;
type H5Dataset = Extract<NonNullable<H5Entity>, { slice: unknown }>;
type H5Group = Extract<NonNullable<H5Entity>, { keys: unknown }>;

const ELECTRODES_PATH = 'general/extracellular_ephys/electrodes';

/** Largest single h5wasm read of {@link RawRecordingReader.readRowsInto}. */
const READ_BATCH_BYTES = 4 * 1024 * 1024;

/** The low-level h5wasm calls {@link RawRecordingReader.readRowsInto} uses (h5wasm's `Module`). */
interface H5LowLevel {
  HEAPU8: Uint8Array;
  _malloc(bytes: number): number;
  _free(ptr: number): void;
  get_dataset_data(fileId: bigint, path: string, count: bigint[], offset: bigint[], strides: bigint[], ptr: bigint): number;
}

/**
 * Lazy reader over a raw NWB file's acquisition `ElectricalSeries` (int16 data with
 * `timestamps`) and its electrodes table. Traces and timestamps are read in row ranges,
 * never whole, so memory stays bounded by the caller's batch size. Obtain one with
 * {@link withRawRecording}; it is only valid inside that callback.
 */
export class RawRecordingReader {
  /** Samples (rows) in the series. */
  readonly numSamples: number;
  /** Columns of the series' data. */
  readonly numColumns: number;
  /** Electrode id of each data column (through the series' `electrodes` region). */
  readonly columnElectrodeIds: number[];
  /** spikeinterface channel id of each data column: `channel_name` if the table has it, else the electrode id. */
  readonly columnChannelIds: (number | string)[];
  /** `data.conversion` attribute (volts per count). */
  readonly conversion: number;
  /** `starting_time.rate` when the series stores a rate instead of relying on timestamps. */
  readonly rate: number | undefined;

  private constructor(
    readonly filePath: string,
    readonly seriesName: string,
    private readonly file: H5File,
    private readonly data: H5Dataset,
    private readonly timestamps: H5Dataset,
    private readonly lowLevel?: H5LowLevel,
  ) {
    const shape = data.shape ?? [];
    this.numSamples = shape[0];
    this.numColumns = shape.length > 1 ? shape[1] : 1;
    const conv = (data.attrs.conversion?.value as number | undefined) ?? 1.0;
    this.conversion = Number(conv);
    const region = file.get(`acquisition/${seriesName}/electrodes`) as H5Dataset | null;
    const ids = this.electrodeColumnNumbers('id');
    const rows = region ? Array.from(region.value as ArrayLike<number | bigint>, Number) : ids.map((_, i) => i);
    this.columnElectrodeIds = rows.map((r) => ids[r]);
    const names = this.hasElectrodeColumn('channel_name') ? (this.electrodeColumn('channel_name') as unknown[]) : undefined;
    this.columnChannelIds = rows.map((r, i) => (names ? String(names[r]) : this.columnElectrodeIds[i]));
    const startingTime = file.get(`acquisition/${seriesName}/starting_time`) as H5Dataset | null;
    this.rate = startingTime ? Number(startingTime.attrs.rate?.value) : undefined;
  }

  /** @internal opened by {@link withRawRecording}. */
  static open(filePath: string, file: H5File, seriesName?: string, lowLevel?: unknown): RawRecordingReader {
    const acquisition = file.get('acquisition') as H5Group | null;
    const names = acquisition ? acquisition.keys() : [];
    const typeOf = (name: string): string | undefined => {
      const obj = file.get(`acquisition/${name}`) as H5Group | null;
      const attr = obj?.attrs?.neurodata_type;
      return attr ? String(attr.value) : undefined;
    };
    let name = seriesName;
    if (name === undefined) {
      const series = names.filter((n) => typeOf(n) === 'ElectricalSeries');
      if (series.length === 0) {
        throw rawRecordingErrors.noElectricalSeries(filePath, names, (n) => `${n} (${typeOf(n) ?? 'untyped'})`);
      }
      if (series.length > 1) {
        throw rawRecordingErrors.ambiguousSeries(filePath, series);
      }
      name = series[0];
    } else if (!names.includes(name)) {
      throw rawRecordingErrors.seriesNotFound(filePath, name);
    } else if (typeOf(name) !== 'ElectricalSeries') {
      throw rawRecordingErrors.notElectricalSeries(filePath, name, typeOf(name));
    }
    const data = file.get(`acquisition/${name}/data`) as H5Dataset | null;
    if (!data || typeof data.slice !== 'function') {
      throw rawRecordingErrors.dataMissing(filePath, name);
    }
    const meta = data.metadata;
    if (!(meta.type === 0 && meta.size === 2 && meta.signed)) {
      throw rawRecordingErrors.dtypeUnsupported(filePath, name, String(data.dtype));
    }
    const timestamps = file.get(`acquisition/${name}/timestamps`) as H5Dataset | null;
    if (!timestamps || typeof timestamps.slice !== 'function') {
      throw rawRecordingErrors.timestampsMissing(filePath, name);
    }
    if ((timestamps.shape ?? [])[0] !== (data.shape ?? [])[0]) {
      throw rawRecordingErrors.timestampsMismatch(filePath, name, (timestamps.shape ?? [])[0], (data.shape ?? [])[0]);
    }
    return new RawRecordingReader(filePath, name, file, data, timestamps, lowLevel as H5LowLevel | undefined);
  }

  /** Timestamps `[start, end)` as float64, in fresh memory. */
  readTimestamps(start: number, end: number): Float64Array {
    this.checkRange(start, end);
    if (end === start) return new Float64Array(0);
    const values = this.timestamps.slice([[start, end]]);
    // h5wasm already returns a fresh Float64Array for float64 data: no second copy
    return values instanceof Float64Array ? values : Float64Array.from(values as ArrayLike<number>);
  }

  /**
   * Raw int16 rows `[start, end)` of columns `[colStart, colEnd)`, row-major. Callers
   * batch by rows (the h5wasm heap is capped at 2 GiB).
   */
  readRows(start: number, end: number, colStart = 0, colEnd = this.numColumns): Int16Array {
    this.checkRange(start, end);
    const cols = colEnd - colStart;
    if (end === start || cols <= 0) return new Int16Array(0);
    const out = this.data.slice([
      [start, end],
      [colStart, colEnd],
    ]);
    return out instanceof Int16Array ? out : Int16Array.from(out as ArrayLike<number>);
  }

  /**
   * {@link readRows} into `target` (a reused buffer: fresh memory costs page faults, a copy
   * into warm memory does not). Falls back to `readRows` + copy when the data is not
   * little-endian int16.
   *
   * @returns the filled prefix of `target` (`(end − start) × (colEnd − colStart)` values).
   */
  readRowsInto(start: number, end: number, colStart: number, colEnd: number, target: Int16Array): Int16Array {
    this.checkRange(start, end);
    const cols = colEnd - colStart;
    const n = Math.max(0, (end - start) * cols);
    if (target.length < n) throw new RangeError(`readRowsInto: target holds ${target.length} values, ${n} needed`);
    const out = target.subarray(0, n);
    if (n === 0) return out;
    if (!this.readThroughHeap(this.data, '<h', start, end, [colStart, colEnd], out)) out.set(this.readRows(start, end, colStart, colEnd));
    return out;
  }

  /**
   * {@link readTimestamps} into `target` (a reused buffer, like {@link readRowsInto}: a long
   * recording's timestamps are streamed in batches, and fresh memory for every batch costs
   * page faults and garbage collections). Falls back to `readTimestamps` + copy when the
   * timestamps are not little-endian float64.
   *
   * @returns the filled prefix of `target` (`end − start` values).
   */
  readTimestampsInto(start: number, end: number, target: Float64Array): Float64Array {
    this.checkRange(start, end);
    const n = end - start;
    if (target.length < n) throw new RangeError(`readTimestampsInto: target holds ${target.length} values, ${n} needed`);
    const out = target.subarray(0, n);
    if (n === 0) return out;
    if (!this.readThroughHeap(this.timestamps, '<d', start, end, undefined, out)) out.set(this.readTimestamps(start, end));
    return out;
  }

  /**
   * Rows `[start, end)` (of columns `[c0, c1)` for a 2-D dataset) of `dataset` straight into
   * `out`, through a bounded wasm-heap buffer; false (nothing read) when the low-level calls
   * are unavailable or the dataset's type is not `dtype`.
   */
  private readThroughHeap(
    dataset: H5Dataset,
    dtype: string,
    start: number,
    end: number,
    columns: [number, number] | undefined,
    out: Int16Array | Float64Array,
  ): boolean {
    const ll = this.lowLevel;
    const ds = dataset as unknown as { file_id: bigint; path: string; dtype: unknown };
    if (!ll || ds.dtype !== dtype) return false;
    const rowBytes = (columns ? columns[1] - columns[0] : 1) * out.BYTES_PER_ELEMENT;
    // in row batches of at most READ_BATCH_BYTES: the h5wasm heap never shrinks, so one large
    // read would keep its size in memory for the rest of the process
    const batchRows = Math.max(1, Math.min(end - start, Math.floor(READ_BATCH_BYTES / rowBytes)));
    const ptr = ll._malloc(batchRows * rowBytes);
    if (ptr === 0) throw rawRecordingErrors.readBufferUnavailable(this.filePath, batchRows * rowBytes, start, end);
    try {
      const bytes = new Uint8Array(out.buffer, out.byteOffset, out.byteLength);
      for (let r = start; r < end; r += batchRows) {
        const rows = Math.min(batchRows, end - r);
        const [counts, offsets, strides] = columns
          ? [
              [BigInt(rows), BigInt(columns[1] - columns[0])],
              [BigInt(r), BigInt(columns[0])],
              [1n, 1n],
            ]
          : [[BigInt(rows)], [BigInt(r)], [1n]];
        ll.get_dataset_data(ds.file_id, ds.path, counts, offsets, strides, BigInt(ptr));
        bytes.set(ll.HEAPU8.subarray(ptr, ptr + rows * rowBytes), (r - start) * rowBytes);
      }
    } finally {
      ll._free(ptr);
    }
    return true;
  }

  /** Whether the electrodes table has a column `name`. */
  hasElectrodeColumn(name: string): boolean {
    const table = this.file.get(ELECTRODES_PATH) as H5Group | null;
    return !!table && table.keys().includes(name);
  }

  /** An electrodes-table column as JSON-compatible values (strings decoded, numbers as numbers). */
  electrodeColumn(name: string): unknown[] {
    const ds = this.file.get(`${ELECTRODES_PATH}/${name}`) as H5Dataset | null;
    if (!ds || typeof ds.slice !== 'function') {
      throw rawRecordingErrors.electrodesColumnMissing(this.filePath, name);
    }
    const v = ds.to_array();
    return Array.isArray(v) ? (v as unknown[]) : [v];
  }

  private electrodeColumnNumbers(name: string): number[] {
    return this.electrodeColumn(name).map((x) => Number(x));
  }

  /**
   * Data column of each electrode id.
   * @throws RecomputeError `ELECTRODE_NOT_IN_FILE` naming the missing id.
   */
  columnsOfElectrodes(electrodeIds: number[]): number[] {
    return electrodeIds.map((id) => {
      const col = this.columnElectrodeIds.indexOf(id);
      if (col < 0) {
        throw rawRecordingErrors.electrodeNotInFile(this.filePath, this.seriesName, id, this.columnElectrodeIds);
      }
      return col;
    });
  }

  private checkRange(start: number, end: number): void {
    if (!(Number.isInteger(start) && Number.isInteger(end) && start >= 0 && start <= end && end <= this.numSamples)) {
      throw rawRecordingErrors.sampleRangeOutOfBounds(this.filePath, this.seriesName, start, end, this.numSamples);
    }
  }
}

/**
 * Opens a raw NWB file with h5wasm, runs `fn` with a {@link RawRecordingReader}, and always
 * closes the file.
 *
 * @param seriesName acquisition series to read; default: the file's only ElectricalSeries.
 * @throws RecomputeError `RAW_FILE_NOT_FOUND`, `RAW_NOT_ELECTRICAL_SERIES`, `RAW_TIMESTAMPS_MISSING`, ...
 */
export async function withRawRecording<T>(
  filePath: string,
  fn: (reader: RawRecordingReader) => Promise<T> | T,
  seriesName?: string,
): Promise<T> {
  if (!existsSync(filePath)) {
    throw rawRecordingErrors.fileNotFound(filePath);
  }
  let opened = false;
  try {
    return await withH5File(filePath, 'r', async (file) => {
      opened = true;
      return fn(RawRecordingReader.open(filePath, file, seriesName, (await loadH5wasm()).Module));
    });
  } catch (error) {
    if (!opened) {
      throw rawRecordingErrors.fileUnreadable(filePath, error);
    }
    throw error;
  }
}
