import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { parsePythonJson, type PyJsonValue } from '@spyglass-recompute/core';
import { RecomputeError } from '@spyglass-recompute/errors';
import { v0Errors } from '../recording/v0Errors';

/** JSON files spikeinterface 0.99.1 always writes into a saved binary folder. */
export const REQUIRED_FOLDER_JSON = ['binary.json', 'si_folder.json', 'provenance.json'] as const;

/** Package versions a v0 folder was written with (a `RecordingRecomputeVersions` row). */
export interface V0FolderVersions {
  spikeinterface: string;
  /** From `probe.json`; empty when the folder has no probe. */
  probeinterface: string;
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
  else if (value !== null && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) entries = new Map(Object.entries(value));
  else return;
  const version = entries.get('version');
  if (typeof version === 'string' && (entries.has('class') || entries.has('module'))) out.add(version);
  for (const child of entries.values()) collectSiVersions(child, out);
}

/**
 * Reads the spikeinterface and probeinterface versions recorded in a v0 folder's JSON.
 *
 * @throws RecomputeError `V0_FOLDER_INVALID` (folder or required JSON missing, unparsable JSON),
 *   `V0_FOLDER_VERSIONS_INVALID` (not exactly one spikeinterface version).
 */
export function readFolderVersions(folder: string): V0FolderVersions {
  const problem = folderProblem(folder);
  if (problem) throw v0Errors.folderInvalid(folder, problem);
  const si = new Set<string>();
  for (const name of REQUIRED_FOLDER_JSON) collectSiVersions(parseJsonFile(folder, name), si);
  if (si.size !== 1) {
    throw new RecomputeError({
      code: 'V0_FOLDER_VERSIONS_INVALID',
      message: `Recording folder ${folder}: expected exactly one spikeinterface version in its JSON, found ${si.size === 0 ? 'none' : [...si].sort().join(', ')}.`,
      details: { folder, versions: [...si].sort() },
    });
  }
  let probeinterface = '';
  if (existsSync(path.join(folder, 'probe.json'))) {
    const probe = parseJsonFile(folder, 'probe.json');
    const version = probe instanceof Map ? probe.get('version') : probe !== null && typeof probe === 'object' && !Array.isArray(probe) ? (probe as Record<string, PyJsonValue>).version : undefined;
    if (typeof version === 'string') probeinterface = version;
  }
  return { spikeinterface: [...si][0] as string, probeinterface };
}
