import { type H5File, loadH5wasm, withH5File } from '@spyglass-recompute/nwb';
import type { RecomputeError } from '@spyglass-recompute/errors';
import { isRecomputeError } from '@spyglass-recompute/errors';
import type { NpyScalarDtype } from './npy/NpyArray';
import type { NwbElectrodesColumn, NwbRecordingSource } from './si/nwbRecording';
import { folderErrors } from './folderErrors';

const ELECTRODES_PATH = '/general/extracellular_ephys/electrodes';
// HDF5 type classes (H5T_class_t) as h5wasm reports them in `metadata.type`.
const H5T_INTEGER = 0;
const H5T_FLOAT = 1;
const H5T_STRING = 3;
const H5T_REFERENCE = 7;
const H5T_ENUM = 8;

type H5Entity = ReturnType<H5File['get']>;
interface H5DatasetLike {
  readonly metadata: { type: number; size: number; signed: boolean; enum_type?: { members: Record<string, { value: number }> } };
  readonly shape: number[] | null;
  readonly value: unknown;
  readonly attrs: Record<string, { value: unknown }>;
  slice(ranges: [number, number][]): unknown;
}

function nwbError(filePath: string, message: string, cause?: unknown): RecomputeError {
  return folderErrors.nwbReadFailed(filePath, message, cause);
}

function dataset(file: H5File, filePath: string, p: string): H5DatasetLike {
  const entity: H5Entity = file.get(p);
  if (entity === null || entity === undefined || !('shape' in (entity as object))) throw nwbError(filePath, `dataset ${p} is missing`);
  return entity as unknown as H5DatasetLike;
}

function attr(ds: { attrs: Record<string, { value: unknown }> }, name: string): unknown {
  return ds.attrs[name]?.value;
}

function numbers(value: unknown): number[] {
  return Array.from(value as ArrayLike<number | bigint>, (v) => Number(v));
}

/** The Python type of a cell of an electrodes column, from its HDF5 type. */
function columnType(ds: H5DatasetLike, filePath: string, name: string): NwbElectrodesColumn['type'] {
  const { type, size, signed, enum_type: enumType } = ds.metadata;
  if (type === H5T_STRING) return 'str';
  if (type === H5T_REFERENCE) return 'reference';
  if (type === H5T_ENUM && enumType && Object.keys(enumType.members).sort().join() === 'FALSE,TRUE') return '|b1';
  if (type === H5T_FLOAT && (size === 4 || size === 8)) return `<f${size}` as NpyScalarDtype;
  if (type === H5T_INTEGER && [1, 2, 4, 8].includes(size)) {
    return (size === 1 ? `|${signed ? 'i' : 'u'}1` : `<${signed ? 'i' : 'u'}${size}`) as NpyScalarDtype;
  }
  throw nwbError(filePath, `electrodes column "${name}" has an HDF5 type (class ${type}, size ${size}) spikeinterface would not store`);
}

function columnValues(ds: H5DatasetLike, type: NwbElectrodesColumn['type']): (number | boolean | string | null)[] {
  const n = ds.shape?.[0] ?? 0;
  if (type === 'reference') return new Array<null>(n).fill(null);
  const raw = ds.value as ArrayLike<unknown>;
  if (type === 'str') return Array.from(raw, (v) => String(v));
  if (type === '|b1') return Array.from(raw, (v) => Number(v) !== 0);
  return numbers(raw);
}

function findElectricalSeries(file: H5File, filePath: string): string {
  const acquisition = file.get('/acquisition') as unknown as { keys(): string[] } | null;
  const names = acquisition ? acquisition.keys() : [];
  const series = names.filter((name) => {
    const entity = file.get(`/acquisition/${name}`) as unknown as { attrs: Record<string, { value: unknown }> } | null;
    return entity !== null && attr(entity, 'neurodata_type') === 'ElectricalSeries';
  });
  if (series.length !== 1) {
    throw nwbError(filePath, `expected exactly one ElectricalSeries in /acquisition, found ${series.length} (${series.join(', ')})`);
  }
  return `/acquisition/${series[0]}`;
}

/** Options of {@link readNwbRecordingSource}. */
export interface ReadNwbRecordingSourceOptions {
  /** The sampling rate the pipeline derived (rate, or 1/median diff of the timestamps). */
  readonly samplingFrequency: number;
  /** Absolute path to record in provenance.json. @default filePath */
  readonly recordedFilePath?: string;
  /** HDF5 path of the ElectricalSeries. @default the only ElectricalSeries in /acquisition */
  readonly seriesPath?: string;
}

/**
 * Reads what spikeinterface's `NwbRecordingExtractor` takes from a raw NWB file: the
 * electrodes table (every column, `colnames` order), the series' electrode rows, gains,
 * offsets, length, dtype and whether it has timestamps (plus the series' HDF5 path).
 */
export async function readNwbRecordingSource(
  filePath: string,
  options: ReadNwbRecordingSourceOptions,
): Promise<NwbRecordingSource & { readonly seriesPath: string }> {
  try {
    return await withH5File(filePath, 'r', (file) => {
      const seriesPath = options.seriesPath ?? findElectricalSeries(file, filePath);
      const data = dataset(file, filePath, `${seriesPath}/data`);
      const { type, size, signed } = data.metadata;
      if (type !== H5T_INTEGER || size !== 2 || !signed) throw nwbError(filePath, `${seriesPath}/data is not int16`);
      const shape = data.shape ?? [];
      const conversion = Number(attr(data, 'conversion') ?? 1.0);
      const offset = Number(attr(data, 'offset') ?? 0.0);
      const seriesElectrodeIndices = numbers(dataset(file, filePath, `${seriesPath}/electrodes`).value);
      const channelConversionEntity = file.get(`${seriesPath}/channel_conversion`);
      const channelConversion = channelConversionEntity ? numbers((channelConversionEntity as unknown as H5DatasetLike).value) : null;
      const hasTimestamps = file.get(`${seriesPath}/timestamps`) !== null && file.get(`${seriesPath}/timestamps`) !== undefined;
      const startingTime = file.get(`${seriesPath}/starting_time`) as unknown as H5DatasetLike | null;

      const table = file.get(ELECTRODES_PATH) as unknown as { attrs: Record<string, { value: unknown }> } | null;
      if (!table) throw nwbError(filePath, `${ELECTRODES_PATH} is missing`);
      const colnames = Array.from(attr(table, 'colnames') as ArrayLike<string>, String);
      const electrodeIds = numbers(dataset(file, filePath, `${ELECTRODES_PATH}/id`).value);
      const columns = colnames.map((name): NwbElectrodesColumn => {
        const ds = dataset(file, filePath, `${ELECTRODES_PATH}/${name}`);
        // Ragged or multi-dimensional cells become object arrays that spikeinterface pickles
        // into properties/*.npy; that is not reproducible here, so refuse them clearly.
        if (file.get(`${ELECTRODES_PATH}/${name}_index`) || (ds.shape?.length ?? 1) !== 1) {
          throw nwbError(
            filePath,
            `electrodes column "${name}" is ragged or multi-dimensional; spikeinterface would pickle it and v0 folders with it are not supported`,
          );
        }
        const columnTypeOf = columnType(ds, filePath, name);
        return { name, type: columnTypeOf, values: columnValues(ds, columnTypeOf) };
      });
      const offsetColumn = columns.find((c) => c.name === 'offset');
      const n = seriesElectrodeIndices.length;
      // gains = conversion * channel_conversion * 1e6; offsets from the table only when the series offset is 0.
      const gainsUv = seriesElectrodeIndices.map((_, i) =>
        channelConversion ? conversion * (channelConversion[i] as number) * 1e6 : conversion * 1e6,
      );
      const offsetsUv =
        offset === 0 && offsetColumn
          ? seriesElectrodeIndices.map((r) => Number(offsetColumn.values[r]) * 1e6)
          : new Array<number>(n).fill(offset * 1e6);
      return {
        filePath: options.recordedFilePath ?? filePath,
        samplingFrequency: options.samplingFrequency,
        numSamples: shape[0] ?? 0,
        dtype: '<i2',
        timing: hasTimestamps
          ? { kind: 'timeVector' as const }
          : { kind: 'tStart' as const, tStart: startingTime ? Number(startingTime.value) : null },
        electrodeIds,
        columns,
        seriesElectrodeIndices,
        gainsUv,
        offsetsUv,
        seriesPath,
      };
    });
  } catch (error) {
    if (isRecomputeError(error)) throw error;
    throw nwbError(filePath, `cannot read the recording metadata (${(error as Error).message})`, error);
  }
}

/**
 * Streams `timestamps[start:end]` of an ElectricalSeries in batches (bounded h5wasm heap),
 * for the `times_cached_seg{k}.npy` files.
 */
export async function* readNwbTimestamps(
  filePath: string,
  seriesPath: string,
  start: number,
  end: number,
  batchRows = 1 << 20,
): AsyncGenerator<Float64Array> {
  const h5 = await loadH5wasm();
  let file: H5File;
  try {
    file = new h5.File(filePath, 'r');
  } catch (error) {
    throw nwbError(filePath, 'cannot open the file', error);
  }
  try {
    const ds = dataset(file, filePath, `${seriesPath}/timestamps`);
    if (ds.metadata.type !== H5T_FLOAT || ds.metadata.size !== 8) throw nwbError(filePath, `${seriesPath}/timestamps is not float64`);
    for (let s = start; s < end; s += batchRows) {
      const e = Math.min(end, s + batchRows);
      yield Float64Array.from(ds.slice([[s, e]]) as ArrayLike<number>);
    }
  } finally {
    file.close();
  }
}
