import { RecomputeError } from '@spyglass-recompute/errors';

/**
 * Named factories for the typed errors of the DataJoint formats (blobs, uuids, external stores);
 * all bad input (exit 2). Each message names the value, column or store at fault.
 */
export const dataJointErrors = {
  /** A blob's bytes are not a DataJoint blob, or are truncated/inconsistent. */
  blobInvalid(reason: string, details: Record<string, unknown> = {}): RecomputeError {
    return new RecomputeError({ code: 'BLOB_INVALID', message: `Not a valid DataJoint blob: ${reason}.`, details });
  },
  /** A well-formed blob holding something this codec does not model (MATLAB cells/structs, char arrays, ...). */
  blobUnsupported(what: string, details: Record<string, unknown> = {}): RecomputeError {
    return new RecomputeError({
      code: 'BLOB_UNSUPPORTED',
      message: `DataJoint blob holds ${what}, which spyglass-recompute does not read or write.`,
      details,
    });
  },
  /** Text that should be a uuid is not one; `example` says what the uuid is, e.g. `a v1 recording_id`. */
  uuidInvalid(value: string, example?: string): RecomputeError {
    return new RecomputeError({
      code: 'UUID_INVALID',
      message: `"${value}" is not a uuid (expected 8-4-4-4-12 hex digits${example === undefined ? '' : `, e.g. ${example}`}).`,
      details: { value },
    });
  },
  /** A `binary(16)` uuid column value of another length. */
  uuidBytesInvalid(length: number): RecomputeError {
    return new RecomputeError({
      code: 'UUID_INVALID',
      message: `A uuid column value has ${length} bytes; DataJoint stores uuids as binary(16).`,
      details: { length },
    });
  },
  externalStoreUnknown(store: string, knownStores: readonly string[]): RecomputeError {
    return new RecomputeError({
      code: 'EXTERNAL_STORE_UNKNOWN',
      message: `DataJoint store "${store}" has no location; known stores: ${knownStores.join(', ') || 'none'} (raw → SPYGLASS_RAW_DIR, analysis → SPYGLASS_ANALYSIS_DIR).`,
      details: { store },
    });
  },
  externalPathInvalid(store: string, filepath: string, root: string): RecomputeError {
    return new RecomputeError({
      code: 'EXTERNAL_PATH_INVALID',
      message: `~external_${store} filepath "${filepath}" is not a path inside the store location ${root}.`,
      details: { store, filepath },
    });
  },
} as const;
