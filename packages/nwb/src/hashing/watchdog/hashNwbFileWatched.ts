import path from 'node:path';
import type { HashNwbFileOptions, NwbHashResult } from '../hashNwbFile';
import { hashNwbFile, resolveHashOptions } from '../hashNwbFile';
import { checkInputFile } from '../checkInputFile';
import { compiledScript } from '../Md5Offload';
import { defaultHdf5TimeoutMs } from './hdf5Timeout';
import { WatchedHashWorker } from './WatchedHashWorker';

/** Options of {@link hashNwbFileWatched}. */
export interface WatchdogOptions {
  /**
   * Give up after this many milliseconds with `HDF5_TIMEOUT`.
   * @default {@link defaultHdf5TimeoutMs} of the file's size (2 min + 1 s per 8 MiB)
   */
  timeoutMs?: number;
  /** Called after each hashed object, for progress display. */
  onObject?: (done: number, total: number, objectPath: string) => void;
}

/**
 * {@link hashNwbFile} for untrusted files: the same digest, computed in a worker thread under a
 * watchdog, so every file ends with a digest or a typed error in bounded time (h5wasm loops
 * forever on some damaged files). Falls back to hashing in this thread, unguarded, only when
 * the compiled worker script is missing (running from sources without a build).
 *
 * @throws RecomputeError every {@link hashNwbFile} error, plus `HDF5_TIMEOUT` (exit 2) when the
 *   budget runs out and `HDF5_CORRUPT` when the HDF5 reader crashes on the file
 */
export async function hashNwbFileWatched(
  filePath: string,
  options: HashNwbFileOptions = {},
  watchdog: WatchdogOptions = {},
): Promise<NwbHashResult> {
  resolveHashOptions(options);
  // Missing/non-HDF5 input is answered here, without starting a thread.
  const size = checkInputFile(filePath);
  const script = compiledScript(path.dirname(__dirname), 'hashFileWorker.js');
  if (script === undefined) return hashNwbFile(filePath, options, { onObject: watchdog.onObject });
  const worker = new WatchedHashWorker(script);
  try {
    const outcome = await worker.hash(filePath, options, {
      timeoutMs: watchdog.timeoutMs ?? defaultHdf5TimeoutMs(size),
      pipelined: true,
      onObject: watchdog.onObject,
    });
    if (!outcome.ok) throw outcome.error;
    return outcome.result;
  } finally {
    await worker.close();
  }
}
