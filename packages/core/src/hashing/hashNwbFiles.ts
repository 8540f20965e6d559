import os from 'node:os';
import { Worker } from 'node:worker_threads';
import { RecomputeError, isRecomputeError, type ExitCode } from '@spyglass-recompute/errors';
import { hashNwbFile, resolveHashOptions, type HashNwbFileOptions, type NwbHashResult } from './hashNwbFile';
import { compiledScript } from './Md5Offload';

/** Outcome of one file in {@link hashNwbFiles}. */
export type HashFileOutcome = { path: string; ok: true; result: NwbHashResult } | { path: string; ok: false; error: RecomputeError };

/** Options of {@link hashNwbFiles}. */
export interface HashNwbFilesOptions {
  /** Worker threads to use. @default min(paths.length, os.availableParallelism()) */
  concurrency?: number;
}

interface Reply {
  id: number;
  result?: NwbHashResult;
  error?: { code: string; message: string; exitCode: ExitCode; details: Record<string, unknown> };
}

/**
 * Hashes independent NWB files in parallel worker threads (one h5wasm instance each) and
 * returns one outcome per path, in input order; a failing file never stops the others.
 * Falls back to hashing in this thread when the compiled worker script is missing.
 */
export async function hashNwbFiles(paths: readonly string[], options: HashNwbFileOptions = {}, pool: HashNwbFilesOptions = {}): Promise<HashFileOutcome[]> {
  resolveHashOptions(options);
  const script = compiledScript(__dirname, 'hashFileWorker.js');
  const concurrency = Math.max(1, Math.min(pool.concurrency ?? os.availableParallelism(), paths.length));
  if (script === undefined || paths.length <= 1) return hashSequentially(paths, options);

  const outcomes: HashFileOutcome[] = new Array(paths.length);
  let next = 0;
  const runWorker = async (): Promise<void> => {
    const worker = new Worker(script);
    try {
      while (next < paths.length) {
        const id = next;
        next += 1;
        const reply = await new Promise<Reply>((resolve, reject) => {
          const onMessage = (m: Reply): void => {
            if (m.id !== id) return;
            worker.off('message', onMessage);
            worker.off('error', reject);
            resolve(m);
          };
          worker.on('message', onMessage);
          worker.once('error', reject);
          worker.postMessage({ id, path: paths[id], options });
        }).catch(
          (error: unknown): Reply => ({
            id,
            error: { code: 'HDF5_CORRUPT', message: `${paths[id]}: hashing worker crashed (${String(error)})`, exitCode: 1, details: { file: paths[id] } },
          }),
        );
        outcomes[id] = reply.result
          ? { path: paths[id], ok: true, result: reply.result }
          : { path: paths[id], ok: false, error: new RecomputeError(reply.error as NonNullable<Reply['error']>) };
      }
    } finally {
      await worker.terminate();
    }
  };
  await Promise.all(Array.from({ length: concurrency }, runWorker));
  return outcomes;
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
