import { existsSync } from 'node:fs';
import path from 'node:path';
import { withH5File, type H5File } from '@spyglass-recompute/nwb';
import { isRecomputeError } from '@spyglass-recompute/errors';
import { estimateRawSamplingRate, RawRecordingReader } from '@spyglass-recompute/preprocessing';
import { commonErrors } from './commonErrors';
import type { RawNwbDevice, RawNwbElectrode, RawNwbElectrodeGroup, RawNwbMetadata } from './RawNwbMetadata';
import { scanValidTimes } from './scanValidTimes';

type H5Entity = NonNullable<ReturnType<H5File['get']>>;
type H5Group = Extract<H5Entity, { keys: unknown }>;
type H5Dataset = Extract<H5Entity, { slice: unknown }>;

const EPHYS = 'general/extracellular_ephys';
const ELECTRODES = `${EPHYS}/electrodes`;
/** Spyglass's rate estimate looks at the first 1e6 timestamps. */
const RATE_ESTIMATE_SAMPLES = 1_000_000;

/**
 * Reads what ingestion stores from a raw NWB file: session fields, devices, electrode groups,
 * the electrodes table, the acquisition ElectricalSeries' size, its ingest sampling rate and
 * "raw data valid times". Timestamps are streamed in batches.
 *
 * @throws RecomputeError `RAW_FILE_NOT_FOUND`, `NOT_HDF5`, `NWB_NOT_NWB`,
 *   `RAW_NOT_ELECTRICAL_SERIES`, `RAW_TIMESTAMPS_MISSING`, `TIMESTAMPS_TOO_FEW`,
 *   `NWB_NO_ELECTRODES`, `NWB_ELECTRODE_GROUP_UNKNOWN`, `NWB_ELECTRODE_ID_DUPLICATE`.
 */
export async function readRawNwbMetadata(filePath: string): Promise<RawNwbMetadata> {
  if (!existsSync(filePath)) throw commonErrors.rawFileNotFound(filePath);
  let opened = false;
  try {
    return await withH5File(filePath, 'r', (file) => {
      opened = true;
      return readOpenFile(filePath, file);
    });
  } catch (error) {
    if (!opened) throw commonErrors.notHdf5(filePath, error);
    throw error;
  }
}

function readOpenFile(filePath: string, file: H5File): RawNwbMetadata {
  const rootType = stringAttr(file, 'neurodata_type');
  if (rootType !== 'NWBFile') throw commonErrors.notNwb(filePath, rootType);
  const reader = openReader(filePath, file);
  const devices = readDevices(file);
  const electrodeGroups = readElectrodeGroups(file);
  if (electrodeGroups.length === 0) throw commonErrors.noElectrodes(filePath, `${EPHYS} has no electrode groups`);
  const electrodes = readElectrodes(filePath, file, reader, new Map(electrodeGroups.map((g) => [g.name, g.location])));
  let samplingRate: number;
  const hasRate = reader.rate !== undefined && Number.isFinite(reader.rate);
  if (hasRate) {
    samplingRate = reader.rate as number;
  } else {
    try {
      samplingRate = estimateRawSamplingRate(reader.readTimestamps(0, Math.min(reader.numSamples, RATE_ESTIMATE_SAMPLES)));
    } catch (error) {
      // The estimate's own TIMESTAMPS_TOO_FEW does not know the file: name it here.
      if (isRecomputeError(error) && error.code !== 'TIMESTAMPS_TOO_FEW') throw error;
      throw commonErrors.timestampsTooFew(filePath, reader.seriesName, error);
    }
  }
  const validTimes = hasRate
    ? [[0, reader.numSamples / samplingRate] as [number, number]]
    : scanValidTimes((start, end) => reader.readTimestamps(start, end), reader.numSamples, samplingRate);
  return {
    filePath,
    seriesName: reader.seriesName,
    numSamples: reader.numSamples,
    numChannels: reader.numColumns,
    session: {
      sessionId: stringDataset(file, 'general/session_id') ?? null,
      description: stringDataset(file, 'session_description') ?? '',
      startTime: parseStartTime(stringDataset(file, 'session_start_time')),
    },
    devices,
    electrodeGroups,
    electrodes,
    samplingRate,
    validTimes,
  };
}

/** Opens the series reader; a missing electrodes table (which it reads first) becomes `NWB_NO_ELECTRODES`. */
function openReader(filePath: string, file: H5File): RawRecordingReader {
  try {
    return RawRecordingReader.open(filePath, file);
  } catch (error) {
    if (isRecomputeError(error) && error.code === 'RAW_ELECTRODES_COLUMN_MISSING')
      throw commonErrors.noElectrodes(filePath, `${ELECTRODES} is missing or has no id column`);
    throw error;
  }
}

function readDevices(file: H5File): RawNwbDevice[] {
  const group = file.get('general/devices') as H5Group | null;
  if (!group || typeof group.keys !== 'function') return [];
  return group.keys().map((name) => {
    const device = file.get(`general/devices/${name}`) as H5Group;
    const description = stringAttr(device, 'description') ?? '';
    const shankGroups =
      typeof device.keys === 'function'
        ? device.keys().filter((k) => stringAttr(file.get(`general/devices/${name}/${k}`) as H5Group, 'neurodata_type') === 'Shank').length
        : 0;
    const contactSide = stringAttr(device, 'contact_side_numbering');
    return {
      name,
      probeType: stringAttr(device, 'probe_type') || description || name,
      description: stringAttr(device, 'probe_description') ?? description,
      manufacturer: stringAttr(device, 'manufacturer') ?? '',
      shankGroups,
      contactSideNumbering: contactSide === undefined ? true : !/^(false|0)$/i.test(contactSide),
    };
  });
}

function readElectrodeGroups(file: H5File): RawNwbElectrodeGroup[] {
  const ephys = file.get(EPHYS) as H5Group | null;
  if (!ephys || typeof ephys.keys !== 'function') return [];
  const out: RawNwbElectrodeGroup[] = [];
  for (const name of ephys.keys()) {
    const group = file.get(`${EPHYS}/${name}`) as H5Group | null;
    if (!group || typeof group.keys !== 'function') continue;
    if (!(stringAttr(group, 'neurodata_type') ?? '').endsWith('ElectrodeGroup')) continue;
    const targetedX = numberAttr(group, 'targeted_x');
    out.push({
      name,
      description: stringAttr(group, 'description') ?? '',
      location: stringAttr(group, 'location') ?? '',
      deviceName: deviceNameOf(file, `${EPHYS}/${name}/device`),
      // Spyglass: NwbElectrodeGroup's targeted_x sign picks the hemisphere; plain groups are Unknown.
      targetHemisphere: targetedX === undefined ? 'Unknown' : targetedX >= 0 ? 'Right' : 'Left',
    });
  }
  return out;
}

/** The device a group's `device` link points at: a soft link's target, else the device with the same object_id. */
function deviceNameOf(file: H5File, linkPath: string): string | undefined {
  try {
    const target = file.get_link(linkPath);
    if (typeof target === 'string' && target.length > 0) return path.posix.basename(target);
  } catch {
    // not a soft link: fall through to matching object ids
  }
  const device = file.get(linkPath) as H5Group | null;
  if (!device) return undefined;
  const id = stringAttr(device, 'object_id');
  const devices = file.get('general/devices') as H5Group | null;
  if (!id || !devices || typeof devices.keys !== 'function') return undefined;
  return devices.keys().find((name) => stringAttr(file.get(`general/devices/${name}`) as H5Group, 'object_id') === id);
}

function readElectrodes(
  filePath: string,
  file: H5File,
  reader: RawRecordingReader,
  groupLocations: Map<string, string>,
): RawNwbElectrode[] {
  const table = file.get(ELECTRODES) as H5Group | null;
  if (!table || typeof table.keys !== 'function' || !table.keys().includes('id')) {
    throw commonErrors.noElectrodes(filePath, `${ELECTRODES} is missing`);
  }
  const ids = reader.electrodeColumn('id').map(Number);
  const duplicate = ids.find((id, i) => ids.indexOf(id) !== i);
  if (duplicate !== undefined) throw commonErrors.electrodeIdDuplicate(filePath, duplicate);
  const column = (name: string): unknown[] | undefined => (reader.hasElectrodeColumn(name) ? reader.electrodeColumn(name) : undefined);
  const groupName = column('group_name')?.map(String) ?? groupNamesFromReferences(file);
  const shank = column('probe_shank');
  const electrode = column('probe_electrode');
  const location = column('location');
  const [x, y, z] = [column('x'), column('y'), column('z')];
  const filtering = column('filtering');
  const imp = column('imp');
  const bad = column('bad_channel');
  const ref = column('ref_elect_id');
  return ids.map((electrodeId, i) => {
    const name = groupName?.[i];
    if (name === undefined) throw commonErrors.noElectrodes(filePath, `${ELECTRODES} has neither a group_name nor a group column`);
    if (!groupLocations.has(name)) throw commonErrors.electrodeGroupUnknown(filePath, electrodeId, name);
    return {
      electrodeId,
      groupName: name,
      probeShank: intOrNull(shank?.[i]),
      probeElectrode: intOrNull(electrode?.[i]),
      // Spyglass takes the region from the electrode's group; prefer the per-electrode column when the file has one.
      location: location ? String(location[i]) : (groupLocations.get(name) ?? ''),
      x: floatOrNull(x?.[i]),
      y: floatOrNull(y?.[i]),
      z: floatOrNull(z?.[i]),
      filtering: filtering ? String(filtering[i]) : '',
      impedance: floatOrNull(imp?.[i]),
      badChannel: truthy(bad?.[i]),
      originalReferenceElectrode: intOrNull(ref?.[i]) ?? -1,
    };
  });
}

/** Group names from the `group` column's object references (files without `group_name`). */
function groupNamesFromReferences(file: H5File): string[] | undefined {
  const ds = file.get(`${ELECTRODES}/group`) as H5Dataset | null;
  if (!ds || typeof ds.slice !== 'function') return undefined;
  const refs = ds.value as unknown as ArrayLike<unknown>;
  return Array.from(refs, (ref) => path.posix.basename((file.dereference(ref as never) as unknown as H5Group).path));
}

function stringAttr(obj: { attrs: Record<string, { value: unknown }> } | null, name: string): string | undefined {
  const attr = obj?.attrs?.[name];
  if (!attr) return undefined;
  const value = attr.value;
  if (value === null || value === undefined) return undefined;
  return typeof value === 'string' ? value : Array.isArray(value) ? String(value[0]) : String(value);
}

function numberAttr(obj: { attrs: Record<string, { value: unknown }> }, name: string): number | undefined {
  const attr = obj.attrs?.[name];
  if (!attr) return undefined;
  const value = Number(attr.value as number);
  return Number.isFinite(value) ? value : undefined;
}

function stringDataset(file: H5File, name: string): string | undefined {
  const ds = file.get(name) as H5Dataset | null;
  if (!ds || typeof ds.slice !== 'function') return undefined;
  const value = ds.value as unknown;
  if (typeof value === 'string') return value;
  if (Array.isArray(value) && value.length > 0) return String(value[0]);
  return value === null || value === undefined ? undefined : String(value);
}

function parseStartTime(text: string | undefined): Date | null {
  if (!text) return null;
  const date = new Date(text);
  return Number.isNaN(date.getTime()) ? null : date;
}

function intOrNull(value: unknown): number | null {
  if (value === undefined || value === null) return null;
  const n = Number(value as number);
  return Number.isFinite(n) ? Math.trunc(n) : null;
}

/** NaN and missing values become NULL (DataJoint stores a NaN float as NULL). */
function floatOrNull(value: unknown): number | null {
  if (value === undefined || value === null) return null;
  const n = Number(value as number);
  return Number.isFinite(n) ? n : null;
}

function truthy(value: unknown): boolean {
  if (typeof value === 'string') return /^(true|1)$/i.test(value);
  return Boolean(Number(value as number));
}
