import type { PyJsonValue } from '@spyglass-recompute/nwb';
import type { RecomputeError } from '@spyglass-recompute/errors';
import { folderErrors } from '../folderErrors';
import { type NpyArray, type NpyScalar, type NpyScalarDtype, truncateToUnicodeWidth } from '../npy/NpyArray';
import { createProbe, probeTo3d, setDeviceChannelIndices } from '../probe/Probe';
import { pythonAbsolutePath } from './pythonAbsolutePath';
import { setProbes } from './setProbes';
import { type ChannelId, type SiKwarg, SiRecording } from './SiRecording';

/**
 * One column of an NWB electrodes table, as pynwb/hdmf hands out its cells.
 * `type` is the Python type of one cell: `'str'` for text (spikeinterface then builds a
 * `<U1` array: `np.zeros(n, dtype=str)`, so `"CA1"` is kept as `"C"`), a numpy dtype for
 * numeric/bool cells, `'reference'` for object references (the `group` column), which are skipped.
 */
export interface NwbElectrodesColumn {
  readonly name: string;
  readonly type: 'str' | 'reference' | NpyScalarDtype;
  /** One value per table row (any value for references). */
  readonly values: readonly (NpyScalar | null)[];
}

/** Raw ElectricalSeries facts spikeinterface's `NwbRecordingExtractor` (0.99.1) reads. */
export interface NwbRecordingSource {
  /** Path of the raw NWB file; written into provenance.json as `str(Path(p).absolute())`. */
  readonly filePath: string;
  /** `rate`, or `1 / median(diff(timestamps[:100000]))` (computed by the preprocessing step). */
  readonly samplingFrequency: number;
  /** Rows of the ElectricalSeries data. */
  readonly numSamples: number;
  /** numpy `dtype.str` of the series data; v0 supports `'<i2'`. */
  readonly dtype: string;
  /** `timeVector` when the series has `timestamps` (loaded with `load_time_vector=True`). */
  readonly timing: { readonly kind: 'timeVector' } | { readonly kind: 'tStart'; readonly tStart: number | null };
  /** The electrodes table `id` column (all rows). */
  readonly electrodeIds: readonly number[];
  /** The electrodes table columns in `colnames` order (all rows). */
  readonly columns: readonly NwbElectrodesColumn[];
  /** Rows of the electrodes table the series uses (`electrodes.data[:]`), in series order. */
  readonly seriesElectrodeIndices: readonly number[];
  /** Per series channel: `conversion * 1e6` (times `channel_conversion` when present). */
  readonly gainsUv: readonly number[];
  /** Per series channel: `offset * 1e6`. */
  readonly offsetsUv: readonly number[];
}

const NWB_CLASS = 'spikeinterface.extractors.nwbextractors.NwbRecordingExtractor';
const SKIPPED_COLUMNS = new Set(['x', 'y', 'z', 'rel_x', 'rel_y', 'rel_z']);

function badSource(message: string, details?: Record<string, unknown>): RecomputeError {
  return folderErrors.nwbRecordingInvalid(message, details);
}

/** numpy ordering for `np.unique` over a column of str or numbers. */
function numpyOrder(a: NpyScalar, b: NpyScalar): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  const x = String(a);
  const y = String(b);
  const xs = Array.from(x, (c) => c.codePointAt(0) as number);
  const ys = Array.from(y, (c) => c.codePointAt(0) as number);
  for (let i = 0; i < Math.min(xs.length, ys.length); i += 1) if (xs[i] !== ys[i]) return (xs[i] as number) - (ys[i] as number);
  return xs.length - ys.length;
}

function column(source: NwbRecordingSource, name: string): NwbElectrodesColumn | undefined {
  return source.columns.find((c) => c.name === name);
}

/**
 * The recording `se.read_nwb_recording(file, load_time_vector=True)` builds: channel ids,
 * gains/offsets, one property per electrodes column (renamed `location`→`brain_area`,
 * `group_name`→`group` index in `np.unique`), and a dummy probe from `rel_x/rel_y[/rel_z]`
 * (radius 1, z forced to 0 by `Probe.to_3d`).
 */
export function nwbRecording(source: NwbRecordingSource, probeAnnotations: Readonly<Record<string, string>> = {}): SiRecording {
  const n = source.seriesElectrodeIndices.length;
  const rows = source.seriesElectrodeIndices;
  for (const c of source.columns) {
    if (c.values.length !== source.electrodeIds.length) {
      throw badSource(`electrodes column "${c.name}" has ${c.values.length} rows, the table has ${source.electrodeIds.length}`);
    }
  }
  for (const r of rows) {
    if (!Number.isInteger(r) || r < 0 || r >= source.electrodeIds.length)
      throw badSource(`series electrode index ${r} is outside the electrodes table`);
  }
  if (source.gainsUv.length !== n || source.offsetsUv.length !== n) {
    throw badSource(`gains/offsets must have one value per series channel (${n})`);
  }
  if (!(source.samplingFrequency > 0)) throw badSource(`sampling frequency must be positive, got ${source.samplingFrequency}`);

  const channelName = column(source, 'channel_name');
  const channelIds: ChannelId[] = rows.map((r) => (channelName ? String(channelName.values[r]) : (source.electrodeIds[r] as number)));

  let properties = new Map<string, NpyArray>();
  properties.set('gain_to_uV', { dtype: '<f8', shape: [n], data: [...source.gainsUv] });
  properties.set('offset_to_uV', { dtype: '<f8', shape: [n], data: [...source.offsetsUv] });

  // The extractor collects a `properties` dict first (location, then columns in order).
  const collected = new Map<string, NpyArray>();
  const relX = column(source, 'rel_x');
  if (relX) {
    const relY = column(source, 'rel_y');
    const relZ = column(source, 'rel_z');
    const ndim = relZ ? 3 : 2;
    const data = rows.flatMap((r) => [
      Number(relX.values[r]),
      relY ? Number(relY.values[r]) : 0,
      ...(relZ ? [Number(relZ.values[r])] : []),
    ]);
    collected.set('location', { dtype: '<f8', shape: [n, ndim], data });
  }
  const groupNames = column(source, 'group_name');
  const uniqueGroupNames = groupNames ? [...new Set(groupNames.values.map((v) => v as NpyScalar))].sort(numpyOrder) : [];
  for (const c of source.columns) {
    if (c.type === 'reference' || SKIPPED_COLUMNS.has(c.name)) continue;
    if (c.name === 'group_name') {
      collected.set('group', { dtype: '<i8', shape: [n], data: rows.map((r) => uniqueGroupNames.indexOf(c.values[r] as NpyScalar)) });
      continue;
    }
    const name = c.name === 'location' ? 'brain_area' : c.name;
    const dtype: NpyScalarDtype = c.type === 'str' ? '<U1' : c.type;
    const data = rows.map((r) => {
      const v = c.values[r];
      if (v === null || v === undefined) throw badSource(`electrodes column "${c.name}" has no value in row ${r}`);
      return c.type === 'str' ? truncateToUnicodeWidth(String(v), 1) : v;
    });
    collected.set(name, { dtype, shape: [n], data });
  }

  const kwargs = new Map<string, SiKwarg>([
    ['file_path', pythonAbsolutePath(source.filePath)],
    ['electrical_series_name', null],
    ['load_time_vector', true],
    ['samples_for_rate_estimation', 100000],
    ['stream_mode', null],
    ['stream_cache_path', null],
  ]);
  let recording = new SiRecording({
    className: NWB_CLASS,
    kwargs,
    channelIds,
    samplingFrequency: source.samplingFrequency,
    dtype: source.dtype,
    annotations: new Map<string, PyJsonValue>([['is_filtered', false]]),
    properties,
    segments: [
      {
        numSamples: source.numSamples,
        timing: source.timing.kind === 'timeVector' ? { kind: 'timeVector', rawStart: 0 } : source.timing,
      },
    ],
  });

  for (const [name, values] of collected) {
    if (name === 'location') {
      const ndim = values.shape[1] as number;
      const xy = Array.from({ length: n }, (_, i) => [values.data[i * ndim] as number, values.data[i * ndim + 1] as number]);
      let probe = setDeviceChannelIndices(
        createProbe(xy, { shapeParams: { radius: 1 } }),
        xy.map((_, i) => i),
      );
      if (ndim === 3) probe = probeTo3d(probe, 'xy');
      recording = setProbes(recording, [probe], probeAnnotations);
    } else {
      properties = new Map(recording.properties);
      properties.set(name, values);
      recording = recording.with({ properties });
    }
  }
  return recording;
}
