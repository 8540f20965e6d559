import type { ExitCode } from '@spyglass-recompute/errors';
import type { HashNwbFileOptions, NwbHashResult } from '../hashNwbFile';

/** One file for `hashFileWorker` to hash. */
export interface HashTask {
  id: number;
  path: string;
  options: HashNwbFileOptions;
  /**
   * Use the md5/prehash helper threads (a lone file); false when file-level parallelism
   * already uses the cores. @default false
   */
  pipelined?: boolean;
  /** Post a {@link HashProgress} after each hashed object. @default false */
  progress?: boolean;
}

/** A typed error crossing the thread boundary. */
export interface SerializedRecomputeError {
  code: string;
  message: string;
  exitCode: ExitCode;
  details: Record<string, unknown>;
}

/** Progress of task `id`: `done` of `total` objects, the last being `object`. */
export interface HashProgress {
  id: number;
  progress: { done: number; total: number; object: string };
}

/** What `hashFileWorker` posts back. */
export type HashWorkerMessage = HashProgress | { id: number; result: NwbHashResult } | { id: number; error: SerializedRecomputeError };
