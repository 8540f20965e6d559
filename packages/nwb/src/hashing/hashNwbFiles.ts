import os from 'node:os';
import { statSync } from 'node:fs';
import { isRecomputeError, type RecomputeError } from '@spyglass-recompute/errors';
import { hashNwbFile, resolveHashOptions, type HashNwbFileOptions, type NwbHashResult } from './hashNwbFile';
import { compiledScript } from './Md5Offload';
import { defaultHdf5TimeoutMs } from './watchdog/hdf5Timeout';
import { WatchedHashWorker } from './watchdog/WatchedHashWorker';

/** Outcome of one file in {@link hashNwbFiles}. */
export type HashFileOutcome = { path: string; ok: true; result: NwbHashResult } | { path: string; ok: false; error: RecomputeError };

/** Options of {@link hashNwbFiles}. */
export interface HashNwbFilesOptions {
  /** Worker threads to use. @default min(paths.length, os.availableParallelism()) */
  concurrency?: number;
  /**
   * Per-file watchdog budget; a file past it ends as `HDF5_TIMEOUT` and its worker is replaced.
   * @default `defaultHdf5TimeoutMs` of each file's size
   */
  timeoutMs?: number;
}

/**
 * Hashes independent NWB files in parallel worker threads (one h5wasm instance each) and
 * returns one outcome per path, in input order; a failing, hanging or crashing file never
 * stops the others (each file runs under a watchdog, see `WatchedHashWorker`).
 * Falls back to hashing in this thread, unguarded, when the compiled worker script is missing.
 */
export async function hashNwbFiles(
  paths: readonly string[],
  options: HashNwbFileOptions = {},
  pool: HashNwbFilesOptions = {},
): Promise<HashFileOutcome[]> {
  resolveHashOptions(options);
  const script = compiledScript(__dirname, 'hashFileWorker.js');
  const concurrency = Math.max(1, Math.min(pool.concurrency ?? os.availableParallelism(), paths.length));
  if (script === undefined) return hashSequentially(paths, options);

  const outcomes: HashFileOutcome[] = new Array(paths.length);
  let next = 0;
  const runWorker = async (): Promise<void> => {
    const worker = new WatchedHashWorker(script);
    try {
      while (next < paths.length) {
        const id = next;
        next += 1;
        const filePath = paths[id];
        const outcome = await worker.hash(filePath, options, { timeoutMs: pool.timeoutMs ?? defaultHdf5TimeoutMs(fileSize(filePath)) });
        outcomes[id] = { path: filePath, ...outcome };
      }
    } finally {
      await worker.close();
    }
  };
  await Promise.all(Array.from({ length: concurrency }, runWorker));
  return outcomes;
}

/** Size for the default budget; a missing file is reported by the worker itself. */
function fileSize(filePath: string): number {
  try {
    return statSync(filePath).size;
  } catch {
    return 0;
  }
}

async function hashSequentially(paths: readonly string[], options: HashNwbFileOptions): Promise<HashFileOutcome[]> {
  const out: HashFileOutcome[] = [];
  for (const p of paths) {
    try {
      out.push({ path: p, ok: true, result: await hashNwbFile(p, options) });
    } catch (error) {
      if (!isRecomputeError(error)) throw error;
      out.push({ path: p, ok: false, error });
    }
  }
  return out;
}
