import path from 'node:path';
/**
 * Spyglass's data directories (`SPYGLASS_BASE_DIR`, `SPYGLASS_RAW_DIR`, `SPYGLASS_ANALYSIS_DIR`,
 * `SPYGLASS_RECORDING_DIR`, `SPYGLASS_TEMP_DIR`), as absolute paths. No file outside them is ever
 * written or deleted.
 */
export interface DataRoots {
  base: string;
  raw: string;
  analysis: string;
  recording: string;
  temp: string;
}

/** Every root as a list, for confinement checks. */
export function dataRootList(roots: DataRoots): string[] {
  return [roots.base, roots.raw, roots.analysis, roots.recording, roots.temp];
}

/** Spyglass's default layout below a base folder: `raw/`, `analysis/`, `recording/`, `tmp/`. */
export function dataRootsUnder(base: string): DataRoots {
  return {
    base,
    raw: path.join(base, 'raw'),
    analysis: path.join(base, 'analysis'),
    recording: path.join(base, 'recording'),
    temp: path.join(base, 'tmp'),
  };
}

/** The environment variable that sets each root (Spyglass's names). */
export const DATA_ROOT_SETTINGS: Readonly<Record<keyof DataRoots, string>> = Object.freeze({
  base: 'SPYGLASS_BASE_DIR',
  raw: 'SPYGLASS_RAW_DIR',
  analysis: 'SPYGLASS_ANALYSIS_DIR',
  recording: 'SPYGLASS_RECORDING_DIR',
  temp: 'SPYGLASS_TEMP_DIR',
});

/** A root path with the setting that chose it, for error messages that name the fix. */
export interface NamedDataRoot {
  path: string;
  setting: string;
}

/** Names the given paths by the roots they are (paths that are no root keep no setting). */
export function namedDataRoots(roots: DataRoots, paths: readonly string[]): (string | NamedDataRoot)[] {
  return paths.map((p) => {
    const key = (Object.keys(DATA_ROOT_SETTINGS) as (keyof DataRoots)[]).find((k) => roots[k] === p);
    return key === undefined ? p : { path: p, setting: DATA_ROOT_SETTINGS[key] };
  });
}
