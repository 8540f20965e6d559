import { statSync } from 'node:fs';
import type { RecomputeError } from '@spyglass-recompute/errors';
import type { HashNwbFileOptions, NwbHashResult } from './hashNwbFile';
import { defaultHdf5TimeoutMs } from './watchdog/hdf5Timeout';
import type { WatchedHashWorker } from './watchdog/WatchedHashWorker';

/** Outcome of one file in a pool run, tagged with its path. */
export type HashFileOutcome = { path: string; ok: true; result: NwbHashResult } | { path: string; ok: false; error: RecomputeError };

/** Pool settings of `hashNwbFiles`. */
export interface HashNwbFilesOptions {
  /** Worker threads to use. @default min(paths.length, os.availableParallelism()) */
  concurrency?: number;
  /**
   * Per-file watchdog budget; a file past it ends as `HDF5_TIMEOUT` and its worker is replaced.
   * @default `defaultHdf5TimeoutMs` of each file's size
   */
  timeoutMs?: number;
}

/** What the pool needs of a hashing worker: a `WatchedHashWorker`, or a stand-in in tests. */
export type PoolHashWorker = Pick<WatchedHashWorker, 'hash' | 'close'>;

/**
 * Hashes `paths` on `concurrency` workers made by `createWorker` (default: one per path, at
 * most `parallelism`), each taking the next unhashed path until none is left; returns one
 * outcome per path in input order. A worker that throws (a bug: outcomes are typed errors)
 * stops the others taking new files, and the error is rethrown once every worker is closed.
 */
export async function hashInWorkerPool(
  paths: readonly string[],
  options: HashNwbFileOptions,
  pool: HashNwbFilesOptions,
  parallelism: number,
  createWorker: () => PoolHashWorker,
): Promise<HashFileOutcome[]> {
  const concurrency = Math.max(1, Math.min(pool.concurrency ?? parallelism, paths.length));
  const outcomes: HashFileOutcome[] = new Array(paths.length);
  let next = 0;
  let failure: { error: unknown } | undefined;
  const runWorker = async (): Promise<void> => {
    const worker = createWorker();
    try {
      while (next < paths.length && failure === undefined) {
        const id = next;
        next += 1;
        const filePath = paths[id];
        const outcome = await worker.hash(filePath, options, { timeoutMs: pool.timeoutMs ?? defaultHdf5TimeoutMs(fileSize(filePath)) });
        outcomes[id] = { path: filePath, ...outcome };
      }
    } catch (error) {
      failure ??= { error };
    } finally {
      await worker.close();
    }
  };
  await Promise.all(Array.from({ length: concurrency }, runWorker));
  if (failure !== undefined) throw failure.error;
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
