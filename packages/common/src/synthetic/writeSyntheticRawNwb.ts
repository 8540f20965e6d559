import { createHash } from 'node:crypto';
import { rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { withH5File, type H5File } from '@spyglass-recompute/nwb';
import { synthesizeTimestamps, synthesizeTraces } from './synthesizeTraces';

/** Shape of the generated raw recording. */
export interface SyntheticRawNwbOptions {
  /** Destination path; written to a temp name beside it and renamed into place. */
  filePath: string;
  /** Recording length in seconds (excluding the gap). @default 30 */
  durationSeconds?: number;
  /** Number of tetrodes (4 channels each, one electrode group each). @default 4 */
  tetrodes?: number;
  /** Nominal sampling rate in Hz. @default 30000 */
  samplingRate?: number;
  /** Where the timestamp gap starts, as a fraction of the samples. @default 0.5 */
  gapFraction?: number;
  /** Gap length in seconds. @default 1 */
  gapSeconds?: number;
  /** Seed for traces and object ids: the same options give the same file content. @default 0 */
  seed?: number;
  /** Session identifier written into the file. @default derived from the file name */
  identifier?: string;
}

const T0 = 1_687_429_800; // Unix-epoch start, like real Spyglass raw files (quantised timestamp diffs).
const ROWS_PER_BLOCK = 65_536;

/** Deterministic uuid4-formatted object id for `name` under `seed`. */
function objectId(seed: number, name: string): string {
  const h = createHash('md5').update(`${seed}:${name}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/**
 * Writes a realistic raw NWB file (pynwb 2.x layout, no cached specifications): an int16
 * `ElectricalSeries` with Unix-epoch timestamps containing one gap, tetrode electrode groups with a
 * `tetrode_12.5` device, and the electrodes table columns Spyglass ingests. Streams the traces in
 * blocks, so any duration fits in bounded memory.
 */
export async function writeSyntheticRawNwb(
  options: SyntheticRawNwbOptions,
): Promise<{ filePath: string; samples: number; channels: number }> {
  const durationSeconds = options.durationSeconds ?? 30;
  const tetrodes = options.tetrodes ?? 4;
  const samplingRate = options.samplingRate ?? 30_000;
  const seed = options.seed ?? 0;
  const channels = tetrodes * 4;
  const samples = Math.round(durationSeconds * samplingRate);
  const gapAtSample = Math.round(samples * (options.gapFraction ?? 0.5));
  const gapSeconds = options.gapSeconds ?? 1;
  const identifier = options.identifier ?? path.basename(options.filePath, '.nwb');
  const tempPath = `${options.filePath}.tmp-${process.pid}`;

  try {
    await withH5File(tempPath, 'w', (file) => {
      writeFileLevel(file, identifier, seed);
      writeDevicesAndGroups(file, tetrodes, seed);
      writeElectrodesTable(file, tetrodes, seed);
      const series = file.create_group('acquisition').create_group('e-series');
      setNeurodataType(series, 'core', 'ElectricalSeries', objectId(seed, 'e-series'));
      series.create_attribute('comments', 'synthetic', null, 'S');
      series.create_attribute('description', 'raw voltage', null, 'S');
      series.create_attribute('filtering', 'none', null, 'S');
      const data = series.create_dataset({
        name: 'data',
        data: new Int16Array(0),
        shape: [0, channels],
        maxshape: [null, channels],
        dtype: '<h',
        chunks: [16_384, channels],
      });
      data.create_attribute('conversion', 1.95e-7, null, '<f');
      data.create_attribute('offset', 0, null, '<d');
      data.create_attribute('resolution', -1, null, '<d');
      data.create_attribute('unit', 'volts', null, 'S');
      const timestamps = series.create_dataset({
        name: 'timestamps',
        data: new Float64Array(0),
        shape: [0],
        maxshape: [null],
        dtype: '<d',
        chunks: [65_536],
      });
      timestamps.create_attribute('interval', 1, null, '<i');
      timestamps.create_attribute('unit', 'seconds', null, 'S');
      for (let start = 0; start < samples; start += ROWS_PER_BLOCK) {
        const count = Math.min(ROWS_PER_BLOCK, samples - start);
        data.resize([start + count, channels]);
        data.write_slice(
          [
            [start, start + count],
            [0, channels],
          ],
          synthesizeTraces(start, count, { channels, samplingRate, seed }),
        );
        timestamps.resize([start + count]);
        timestamps.write_slice(
          [[start, start + count]],
          synthesizeTimestamps(start, count, { samplingRate, t0: T0, gapAtSample, gapSeconds }),
        );
      }
      const region = series.create_dataset({
        name: 'electrodes',
        data: BigInt64Array.from({ length: channels }, (_, i) => BigInt(i)),
        dtype: '<q',
      });
      setNeurodataType(region, 'hdmf-common', 'DynamicTableRegion', objectId(seed, 'e-series/electrodes'));
      region.create_attribute('description', 'all electrodes', null, 'S');
      region.create_attribute(
        'table',
        [(file.get('general/extracellular_ephys/electrodes') as H5Group).create_reference()] as never,
        null,
        'Reference',
      );
    });
    await rename(tempPath, options.filePath);
  } catch (error) {
    await rm(tempPath, { force: true });
    throw error;
  }
  return { filePath: options.filePath, samples, channels };
}

type H5Group = ReturnType<H5File['create_group']>;
type H5Object = H5Group | ReturnType<H5File['create_dataset']>;

function setNeurodataType(target: H5Object, namespace: string, type: string, id: string): void {
  target.create_attribute('namespace', namespace, null, 'S');
  target.create_attribute('neurodata_type', type, null, 'S');
  target.create_attribute('object_id', id, null, 'S');
}

function writeFileLevel(file: H5File, identifier: string, seed: number): void {
  file.create_attribute('namespace', 'core', null, 'S');
  file.create_attribute('neurodata_type', 'NWBFile', null, 'S');
  file.create_attribute('nwb_version', '2.6.0-alpha', null, 'S');
  file.create_attribute('object_id', objectId(seed, 'root'), null, 'S');
  const start = new Date(T0 * 1000).toISOString().replace('.000Z', '+00:00');
  file.create_dataset({ name: 'file_create_date', data: [start], dtype: 'S' });
  file.create_dataset({ name: 'identifier', data: identifier, dtype: 'S' });
  file.create_dataset({ name: 'session_description', data: 'synthetic tetrode session', dtype: 'S' });
  file.create_dataset({ name: 'session_start_time', data: start, dtype: 'S' });
  file.create_dataset({ name: 'timestamps_reference_time', data: start, dtype: 'S' });
  for (const name of ['analysis', 'processing', 'stimulus', 'intervals']) file.create_group(name);
  const general = file.create_group('general');
  general.create_dataset({ name: 'institution', data: 'spyglass-recompute', dtype: 'S' });
  general.create_dataset({ name: 'lab', data: 'demo lab', dtype: 'S' });
  general.create_dataset({ name: 'session_id', data: identifier, dtype: 'S' });
  general.create_dataset({ name: 'experiment_description', data: 'synthetic recording for the recompute demo', dtype: 'S' });
  const subject = general.create_group('subject');
  setNeurodataType(subject, 'core', 'Subject', objectId(seed, 'subject'));
  subject.create_dataset({ name: 'subject_id', data: 'demo-rat', dtype: 'S' });
  subject.create_dataset({ name: 'species', data: 'Rattus norvegicus', dtype: 'S' });
}

function writeDevicesAndGroups(file: H5File, tetrodes: number, seed: number): void {
  const general = file.get('general') as H5Group;
  const device = general.create_group('devices').create_group('tetrode_12.5 probe');
  setNeurodataType(device, 'core', 'Device', objectId(seed, 'device'));
  device.create_attribute('description', 'tetrode_12.5', null, 'S');
  device.create_attribute('manufacturer', 'synthetic', null, 'S');
  const ephys = general.create_group('extracellular_ephys');
  for (let g = 0; g < tetrodes; g += 1) {
    const group = ephys.create_group(String(g));
    setNeurodataType(group, 'core', 'ElectrodeGroup', objectId(seed, `group${g}`));
    group.create_attribute('description', `tetrode ${g}`, null, 'S');
    group.create_attribute('location', 'CA1', null, 'S');
    group.create_soft_link('/general/devices/tetrode_12.5 probe', 'device');
  }
}

function writeElectrodesTable(file: H5File, tetrodes: number, seed: number): void {
  const ephys = file.get('general/extracellular_ephys') as H5Group;
  const table = ephys.create_group('electrodes');
  const n = tetrodes * 4;
  const ids = Array.from({ length: n }, (_, i) => i);
  const columns: Array<[string, string, unknown, string]> = [
    ['location', 'the location of channel within the subject e.g. brain region', ids.map(() => 'CA1'), 'S'],
    ['group_name', 'the name of the ElectrodeGroup this electrode is a part of', ids.map((i) => String(i >> 2)), 'S'],
    ['probe_shank', 'shank of the probe', BigInt64Array.from(ids, () => 0n), '<q'],
    ['probe_electrode', 'electrode on probe', BigInt64Array.from(ids, (i) => BigInt(i & 3)), '<q'],
    ['bad_channel', 'bad channel flag', Int8Array.from(ids, () => 0), '<b'],
    ['ref_elect_id', 'reference electrode id', BigInt64Array.from(ids, () => -1n), '<q'],
    ['x', 'the x coordinate of the position (+x is posterior)', Float64Array.from(ids, (i) => 100 * (i >> 2)), '<d'],
    ['y', 'the y coordinate of the position (+y is inferior)', Float64Array.from(ids, (i) => i & 3), '<d'],
    ['z', 'the z coordinate of the position (+z is right)', Float64Array.from(ids, () => 0), '<d'],
    ['rel_x', 'the x coordinate within the electrode group', Float64Array.from(ids, (i) => ((i & 3) >> 1) * 12.5), '<d'],
    ['rel_y', 'the y coordinate within the electrode group', Float64Array.from(ids, (i) => (i & 1) * 12.5), '<d'],
    ['rel_z', 'the z coordinate within the electrode group', Float64Array.from(ids, () => 0), '<d'],
    ['imp', 'the impedance of the electrode, in ohms', Float64Array.from(ids, () => Number.NaN), '<d'],
    ['filtering', 'description of hardware filtering, including the filter name and frequency cutoffs', ids.map(() => 'none'), 'S'],
  ];
  setNeurodataType(table, 'hdmf-common', 'DynamicTable', objectId(seed, 'electrodes'));
  table.create_attribute('colnames', ['location', 'group', ...columns.slice(1).map(([name]) => name)], null, 'S');
  table.create_attribute('description', 'metadata about extracellular electrodes', null, 'S');
  const id = table.create_dataset({ name: 'id', data: BigInt64Array.from(ids, BigInt), dtype: '<q' });
  setNeurodataType(id, 'hdmf-common', 'ElementIdentifiers', objectId(seed, 'electrodes/id'));
  for (const [name, description, values, dtype] of columns) {
    const column = table.create_dataset({ name, data: values as never, dtype });
    setNeurodataType(column, 'hdmf-common', 'VectorData', objectId(seed, `electrodes/${name}`));
    column.create_attribute('description', description, null, 'S');
  }
  const groupRefs = ids.map((i) => (ephys.get(String(i >> 2)) as H5Group).create_reference());
  const group = table.create_dataset({ name: 'group', data: groupRefs as never, dtype: 'Reference' });
  setNeurodataType(group, 'hdmf-common', 'VectorData', objectId(seed, 'electrodes/group'));
  group.create_attribute('description', 'a reference to the ElectrodeGroup this electrode is a part of', null, 'S');
}
