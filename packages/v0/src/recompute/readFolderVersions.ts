import { existsSync, openSync, readFileSync, readSync, closeSync, statSync } from 'node:fs';
import path from 'node:path';
import { parsePythonJson, readNpyHeader, type PyJsonValue } from '@spyglass-recompute/nwb';
import { v0Errors } from '../recording/v0Errors';

/** JSON files spikeinterface 0.99.1 always writes into a saved binary folder. */
export const REQUIRED_FOLDER_JSON = ['binary.json', 'si_folder.json', 'provenance.json'] as const;

/** Package versions a v0 folder was written with (a `RecordingRecomputeVersions` row). */
export interface V0FolderVersions {
  spikeinterface: string;
  /** From `probe.json`; empty when the folder has no probe. */
  probeinterface: string;
  /** `annotations` of each probe in `probe.json` (null without one): the probeinterface defaults. */
  probeAnnotations: Array<Record<string, unknown>> | null;
}

/** What is wrong with a folder before its JSON is even read, or null. */
export function folderProblem(folder: string): string | null {
  if (!existsSync(folder) || !statSync(folder).isDirectory()) return 'the folder is missing';
  const missing = REQUIRED_FOLDER_JSON.filter((name) => !existsSync(path.join(folder, name)));
  return missing.length > 0 ? `required JSON missing: ${missing.join(', ')}` : null;
}

function parseJsonFile(folder: string, name: string): PyJsonValue {
  const file = path.join(folder, name);
  try {
    return parsePythonJson(readFileSync(file, 'utf8'), { source: file });
  } catch (error) {
    throw v0Errors.folderInvalid(folder, `${name} is not valid JSON (${(error as Error).message})`);
  }
}

/** Every `version` of a spikeinterface object dict (`{class, module, kwargs, version, ...}`) in a JSON tree. */
function collectSiVersions(value: PyJsonValue, out: Set<string>): void {
  if (Array.isArray(value)) {
    for (const item of value) collectSiVersions(item, out);
    return;
  }
  let entries: Map<string, PyJsonValue>;
  if (value instanceof Map) entries = value;
  else if (value !== null && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype)
    entries = new Map(Object.entries(value));
  else return;
  const version = entries.get('version');
  if (typeof version === 'string' && (entries.has('class') || entries.has('module'))) out.add(version);
  for (const child of entries.values()) collectSiVersions(child, out);
}

function field(value: PyJsonValue, name: string): PyJsonValue | undefined {
  if (value instanceof Map) return value.get(name);
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) return (value as Record<string, PyJsonValue>)[name];
  return undefined;
}

const ITEM_SIZES: Record<string, number> = { '<i2': 2, '<u2': 2, '<i4': 4, '<u4': 4, '<f4': 4, '<f8': 8, '<i8': 8, '|i1': 1, '|u1': 1 };

function npyLength(file: string): number | null {
  const fd = openSync(file, 'r');
  try {
    const head = Buffer.alloc(4096);
    const n = readSync(fd, head, 0, head.length, 0);
    return readNpyHeader(file, head.subarray(0, n)).shape[0] ?? null;
  } catch {
    return null;
  } finally {
    closeSync(fd);
  }
}

/**
 * Checks the traces files against `binary.json`: each exists, holds whole rows of
 * `num_channels` values, and as many rows as its `times_cached_seg{k}.npy` has timestamps.
 *
 * @throws RecomputeError `V0_FOLDER_INVALID` naming the file.
 */
export function checkFolderTraces(folder: string): void {
  const binary = parseJsonFile(folder, 'binary.json');
  const kwargs = field(binary, 'kwargs') ?? null;
  const files = field(kwargs, 'file_paths');
  const numChannels = Number(field(kwargs, 'num_channels'));
  const dtype = String(field(kwargs, 'dtype') ?? '<i2');
  const itemSize = ITEM_SIZES[dtype];
  if (!Array.isArray(files) || !Number.isInteger(numChannels) || numChannels <= 0 || itemSize === undefined) {
    throw v0Errors.folderInvalid(folder, 'binary.json lacks file_paths, num_channels or a known dtype');
  }
  files.forEach((relative, k) => {
    const file = path.join(folder, String(relative));
    if (!existsSync(file)) throw v0Errors.folderInvalid(folder, `${String(relative)} (segment ${k}) is missing`);
    const rowBytes = numChannels * itemSize;
    const size = statSync(file).size;
    if (size % rowBytes !== 0)
      throw v0Errors.folderInvalid(
        folder,
        `${String(relative)} is truncated: ${size} bytes is not a whole number of ${numChannels}-channel ${dtype} rows`,
      );
    const times = path.join(folder, `times_cached_seg${k}.npy`);
    const expected = existsSync(times) ? npyLength(times) : null;
    if (expected !== null && size / rowBytes !== expected) {
      throw v0Errors.folderInvalid(
        folder,
        `${String(relative)} is truncated: ${size / rowBytes} rows, times_cached_seg${k}.npy has ${expected}`,
      );
    }
  });
}

/**
 * Reads the spikeinterface and probeinterface versions recorded in a v0 folder's JSON.
 *
 * @throws RecomputeError `V0_FOLDER_INVALID` (folder or required JSON missing, unparsable JSON,
 *   truncated traces),
 *   `V0_FOLDER_VERSIONS_INVALID` (not exactly one spikeinterface version).
 */
export function readFolderVersions(folder: string): V0FolderVersions {
  const problem = folderProblem(folder);
  if (problem) throw v0Errors.folderInvalid(folder, problem);
  checkFolderTraces(folder);
  const si = new Set<string>();
  for (const name of REQUIRED_FOLDER_JSON) collectSiVersions(parseJsonFile(folder, name), si);
  if (si.size !== 1) {
    throw v0Errors.folderVersionsInvalid(folder, [...si].sort());
  }
  let probeinterface = '';
  let probeAnnotations: Array<Record<string, unknown>> | null = null;
  if (existsSync(path.join(folder, 'probe.json'))) {
    const probe = parseJsonFile(folder, 'probe.json');
    const version = field(probe, 'version');
    if (typeof version === 'string') probeinterface = version;
    const probes = field(probe, 'probes');
    probeAnnotations = (Array.isArray(probes) ? probes : []).map((p) => {
      const annotations = field(p, 'annotations');
      return annotations instanceof Map
        ? Object.fromEntries(annotations)
        : annotations !== null && typeof annotations === 'object' && !Array.isArray(annotations)
          ? { ...(annotations as Record<string, unknown>) }
          : {};
    });
  }
  return { spikeinterface: [...si][0] as string, probeinterface, probeAnnotations };
}
