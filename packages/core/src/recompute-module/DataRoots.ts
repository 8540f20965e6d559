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
