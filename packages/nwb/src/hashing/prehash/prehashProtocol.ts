/** Messages between {@link Prehash} (hashing thread) and `prehashWorker`. */
import type { MessagePort } from 'node:worker_threads';

/** Bumped whenever the messages change (jest may run an older `dist/` worker). */
export const PREHASH_PROTOCOL_VERSION = 1;

/** Int32 slots of the shared signal array. */
export const SIGNAL_POSTED = 0; // messages posted so far
export const SIGNAL_HEARTBEAT = 1; // blocks hashed so far (progress while a dataset runs)
export const SIGNAL_WORDS = 2;

/**
 * Per planned dataset (by plan index), who hashes it: whoever moves the slot from
 * UNCLAIMED first. The hashing thread claims datasets the worker has not reached yet, so
 * neither side idles. Datasets past MAX_PLANNED are left to the hashing thread.
 */
export const UNCLAIMED = 0;
export const CLAIMED_BY_WORKER = 1;
export const CLAIMED_BY_HASHER = 2;
export const MAX_PLANNED = 4096;

/** Data given to the worker at spawn. */
export interface PrehashWorkerData {
  version: number;
  filePath: string;
  /** Only datasets holding at least this many bytes are hashed. */
  minBytes: number;
  /** Decimal rounding per parent-group basename (float data only), as resolved by the hasher. */
  precision: Record<string, number>;
  signal: SharedArrayBuffer;
  /** Int32 claim slot per planned dataset (MAX_PLANNED of them). */
  claims: SharedArrayBuffer;
  port: MessagePort;
}

/** One dataset the worker will hash. */
export interface PlannedDataset {
  /** Index of the dataset's claim slot. */
  index: number;
  /** Object header address, as in an object reference. */
  objectAddress: number;
  path: string;
  /** Chunk shape, or null for contiguous storage (checked against h5wasm's view). */
  chunks: number[] | null;
}

export type PrehashMessage =
  | { type: 'plan'; datasets: PlannedDataset[] }
  | { type: 'digest'; objectAddress: number; prefix: string; precision: number; digest: string }
  | { type: 'skipped'; objectAddress: number; reason: string }
  | { type: 'done'; error?: string };
