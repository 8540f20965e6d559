/** Shared-memory layout between {@link Md5Offload} (producer) and `md5Worker` (consumer). */

export const SLOT_COUNT = 4;
export const SLOT_BYTES = 8 * 1024 * 1024;

/** Slot states. */
export const SLOT_FREE = 0;
export const SLOT_FULL = 1;
/** End of the current job's data. */
export const SLOT_END = 2;

/** Int32 indices in the control array after the per-slot states and lengths. */
export const CTRL_READY = 2 * SLOT_COUNT; // worker started
export const CTRL_DONE_SEQ = 2 * SLOT_COUNT + 1; // last finished job
export const CTRL_WORDS = 2 * SLOT_COUNT + 2;
/** Bytes after the control words holding the last digest (32 ASCII hex chars) or an error text. */
export const DIGEST_BYTES = 256;

/**
 * Bumped whenever this layout changes: under jest the worker runs from a possibly older
 * `dist/` build, and a mismatch must fall back to in-thread hashing instead of deadlocking.
 */
export const MD5_PROTOCOL_VERSION = 1;

/** Data given to the worker at spawn. */
export interface Md5WorkerData {
  version: number;
  control: SharedArrayBuffer;
  slots: SharedArrayBuffer;
}

/** One digest job: `prefix` is hashed first, then the slot data in order. */
export interface Md5Job {
  seq: number;
  prefix: string;
  /** Decimals to round float data to before hashing (0 = none). */
  precision: number;
  itemsize: number;
}
