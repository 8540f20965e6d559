import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { RecomputeError } from '@spyglass-recompute/errors';
import { hashErrors } from './hashErrors';

const HDF5_SIGNATURE = Buffer.from([0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a]);

/**
 * Checks that `filePath` is an existing regular file carrying the HDF5 signature (at 0 or
 * a power of two ≥ 512, where a user block may move it); returns its size.
 *
 * @throws RecomputeError FILE_NOT_FOUND | NOT_A_FILE | NOT_HDF5
 */
export function checkInputFile(filePath: string): number {
  let size: number;
  try {
    const st = statSync(filePath);
    if (!st.isFile()) {
      throw hashErrors.notAFile(filePath, st.isDirectory());
    }
    size = st.size;
  } catch (error) {
    if (error instanceof RecomputeError) throw error;
    throw hashErrors.fileNotFound(filePath, error);
  }
  const fd = openSync(filePath, 'r');
  try {
    const probe = Buffer.alloc(8);
    for (let offset = 0; offset + 8 <= size; offset = offset === 0 ? 512 : offset * 2) {
      if (readSync(fd, probe, 0, 8, offset) === 8 && probe.equals(HDF5_SIGNATURE)) return size;
    }
  } finally {
    closeSync(fd);
  }
  throw hashErrors.notHdf5(filePath);
}
