import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { parsePythonJson, type PyFloat, withH5File } from '@spyglass-recompute/nwb';
import type { V0RecordingInput } from '../buildV0Recording';
import { readNwbRecordingSource } from '../readNwbRecordingSource';

/** `shared/fixtures/spikesorting`, read in place. */
export const SPIKESORTING_FIXTURES = path.resolve(__dirname, '../../../../../../shared/fixtures/spikesorting');
/** The absolute raw path the shipped folders were written with. */
export const RECORDED_RAW_PATH = '/data/spyglass/raw/oracle_raw.nwb';

/** golden.json of a variant, parsed keeping Python int/float. */
export async function readGolden(variant: string): Promise<Record<string, unknown>> {
  const text = await readFile(path.join(SPIKESORTING_FIXTURES, variant, 'golden.json'), 'utf8');
  return parsePythonJson(text, { source: `${variant}/golden.json` }) as unknown as Record<string, unknown>;
}

/**
 * The inputs Spyglass v0 would use for `variant`/`group`: raw metadata from the raw NWB
 * (via h5wasm), slices/sort groups/params from golden.json, probe types from the NWB
 * devices (the tetrode description), as the Electrode/Probe tables would hold them.
 */
export async function fixtureV0Input(
  variant: string,
  group: string,
): Promise<{ input: V0RecordingInput; seriesPath: string; rawPath: string }> {
  const golden = await readGolden(variant);
  const rawPath = path.join(SPIKESORTING_FIXTURES, variant, 'raw', 'oracle_raw.nwb');
  const source = await readNwbRecordingSource(rawPath, {
    samplingFrequency: Number(golden.sampling_frequency_from_median_diff),
    recordedFilePath: RECORDED_RAW_PATH,
  });
  const v0 = (golden.v0 as Record<string, Record<string, unknown>>)[group] as Record<string, unknown>;
  const sortGroup = (golden.sort_groups as Record<string, { electrodes: number[]; ref: number }>)[group] as {
    electrodes: number[];
    ref: number;
  };
  const params = golden.preproc_params as Record<string, number | PyFloat>;
  const probeTypes = await withH5File(rawPath, 'r', (file) => {
    const devices = file.get('/general/devices') as unknown as { keys(): string[] };
    return devices
      .keys()
      .map((name) =>
        String((file.get(`/general/devices/${name}`) as unknown as { attrs: Record<string, { value: unknown }> }).attrs.description?.value),
      );
  });
  const groupNames = source.columns.find((c) => c.name === 'group_name')?.values ?? [];
  const electrodeProbes = new Map(
    source.electrodeIds.map((id, row) => [id, { probeType: probeTypes[0] as string, electrodeGroupName: String(groupNames[row]) }]),
  );
  return {
    rawPath,
    seriesPath: source.seriesPath,
    input: {
      source,
      framePieces: (v0.sort_interval_frame_indices as [number, number][]).map(([s, e]) => [s, e] as const),
      sortGroup: { electrodeIds: sortGroup.electrodes, referenceElectrodeId: sortGroup.ref },
      filter: { frequencyMin: params.frequency_min as number, frequencyMax: params.frequency_max as number },
      electrodeProbes,
    },
  };
}

/** The data of a little-endian `.npy` file (header skipped). */
export async function readNpyData(file: string): Promise<Buffer> {
  const bytes = await readFile(file);
  const headerLength = bytes[6] === 1 ? 10 + bytes.readUInt16LE(8) : 12 + bytes.readUInt32LE(8);
  return bytes.subarray(headerLength);
}

/** Int16 rows of `bytes` in chunks of `rowsPerChunk` (exercises the streaming path). */
export function* int16Chunks(bytes: Buffer, numChannels: number, rowsPerChunk: number): Generator<Int16Array> {
  const all = new Int16Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
  for (let s = 0; s < all.length; s += rowsPerChunk * numChannels) yield all.slice(s, s + rowsPerChunk * numChannels);
}

/** Every file under `dir`, relative, sorted. */
export async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile())
    .map((e) => path.relative(dir, path.join(e.parentPath ?? e.path, e.name)))
    .sort();
}

/** The golden Spyglass `DirectoryHasher` digest of a shipped v0 folder (from golden.json). */
export async function goldenDirHash(variant: string, group: string): Promise<string> {
  const v0 = ((await readGolden(variant)).v0 as Record<string, Record<string, unknown>>)[group] as Record<string, unknown>;
  const entry = (v0.dir_hash as { hash: string }).hash;
  if (!/^[0-9a-f]{32}$/.test(entry)) throw new Error(`no golden dir hash for ${variant}/v0/${group}`);
  return entry;
}
