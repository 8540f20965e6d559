import { ExitCode, RecomputeError } from '@spyglass-recompute/errors';

/** Stable error codes thrown by the hashers. */
export const HashErrorCode = {
  fileNotFound: 'FILE_NOT_FOUND',
  notAFile: 'NOT_A_FILE',
  notADirectory: 'NOT_A_DIRECTORY',
  notHdf5: 'NOT_HDF5',
  hdf5Corrupt: 'HDF5_CORRUPT',
  hdf5Timeout: 'HDF5_TIMEOUT',
  unsupportedObject: 'HASH_UNSUPPORTED_OBJECT',
  unsupportedFile: 'HASH_UNSUPPORTED_FILE',
  jsonInvalid: 'JSON_INVALID',
  npyInvalid: 'NPY_INVALID',
  invalidOption: 'HASH_INVALID_OPTION',
} as const;

/**
 * The reference hasher raises on this object (TypeError / UnicodeDecodeError in Spyglass),
 * so no digest exists for the file in this mode.
 */
export function unsupportedObjectError(filePath: string, objectPath: string, why: string, reference: string): RecomputeError {
  return new RecomputeError({
    code: HashErrorCode.unsupportedObject,
    message: `${filePath}: cannot hash object '${objectPath}': ${why} (Spyglass's hasher raises ${reference} here, so no reference digest exists)`,
    details: { file: filePath, object: objectPath, reference },
  });
}

/** HDF5 failed while reading a file that opened: truncated or damaged. */
export function hdf5CorruptError(filePath: string, where: string, cause: unknown): RecomputeError {
  const first = cause instanceof Error ? cause.message.split('\n').find((l) => l.trim() !== '' && !l.startsWith('HDF5-DIAG')) : undefined;
  return new RecomputeError({
    code: HashErrorCode.hdf5Corrupt,
    message: `${filePath}: HDF5 read failed at '${where}' — the file looks truncated or damaged${first ? ` (${first.trim()})` : ''}`,
    exitCode: ExitCode.badInput,
    details: { file: filePath, object: where },
    cause,
  });
}
