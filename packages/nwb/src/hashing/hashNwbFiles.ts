import os from 'node:os';
import { isRecomputeError } from '@spyglass-recompute/errors';
import { hashNwbFile, resolveHashOptions, type HashNwbFileOptions } from './hashNwbFile';
import { hashInWorkerPool, type HashFileOutcome, type HashNwbFilesOptions } from './hashWorkerPool';
import { compiledScript } from './Md5Offload';
import { WatchedHashWorker } from './watchdog/WatchedHashWorker';

export type { HashFileOutcome, HashNwbFilesOptions } from './hashWorkerPool';

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
  if (script === undefined) return hashSequentially(paths, options);
  return hashInWorkerPool(paths, options, pool, os.availableParallelism(), () => new WatchedHashWorker(script));
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
