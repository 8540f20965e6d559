import { analysisNwbErrors } from './analysisNwbErrors';
import { loadH5wasm, type H5File, type H5Wasm } from '@spyglass-recompute/nwb';

/**
 * Opens a v1 analysis file read-only through h5wasm; the caller closes the file.
 * @throws RecomputeError `V1_FILE_UNREADABLE` (exit 1) when it is not a readable HDF5 file.
 */
export async function openV1FileForReading(filePath: string): Promise<{ h5: H5Wasm; file: H5File }> {
  const h5 = await loadH5wasm();
  try {
    return { h5, file: new h5.File(filePath, 'r') };
  } catch (cause) {
    throw analysisNwbErrors.fileUnreadable(filePath, cause);
  }
}
