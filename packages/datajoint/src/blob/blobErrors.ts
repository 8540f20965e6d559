import { RecomputeError } from '@spyglass-recompute/errors';

/** A blob's bytes are not a DataJoint blob, or are truncated/inconsistent. */
export function invalidBlob(reason: string, details: Record<string, unknown> = {}): RecomputeError {
  return new RecomputeError({
    code: 'BLOB_INVALID',
    message: `Not a valid DataJoint blob: ${reason}.`,
    details,
  });
}

/** A well-formed blob holding something this codec does not model (MATLAB cells/structs, char arrays, ...). */
export function unsupportedBlob(what: string, details: Record<string, unknown> = {}): RecomputeError {
  return new RecomputeError({
    code: 'BLOB_UNSUPPORTED',
    message: `DataJoint blob holds ${what}, which spyglass-recompute does not read or write.`,
    details,
  });
}
