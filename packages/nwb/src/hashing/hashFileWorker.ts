/**
 * Worker behind {@link hashNwbFiles} and the watchdog of `hashNwbFileWatched`: one h5wasm
 * instance per worker, one file at a time (see `watchdog/hashWorkerProtocol`).
 */
import { parentPort } from 'node:worker_threads';
import { isRecomputeError } from '@spyglass-recompute/errors';
import { loadH5wasm } from '../h5/h5wasm';
import { hashNwbFile, hashNwbFileSync } from './hashNwbFile';
import type { HashTask, HashWorkerMessage } from './watchdog/hashWorkerProtocol';

function post(message: HashWorkerMessage): void {
  parentPort?.postMessage(message);
}

parentPort?.on('message', (task: HashTask) => {
  void (async () => {
    try {
      const onObject = task.progress
        ? (done: number, total: number, object: string) => post({ id: task.id, progress: { done, total, object } })
        : undefined;
      // File-level parallelism already uses the cores: hash in this thread. A lone file gets
      // the md5/prehash helper threads, as in the calling thread.
      const result = task.pipelined
        ? await hashNwbFile(task.path, task.options, { onObject })
        : hashNwbFileSync(await loadH5wasm(), task.path, task.options, { pipelined: false, onObject });
      post({ id: task.id, result });
    } catch (error) {
      const e = isRecomputeError(error)
        ? { code: error.code, message: error.message, exitCode: error.exitCode, details: error.details }
        : { code: 'HDF5_CORRUPT', message: `${task.path}: ${String(error)}`, exitCode: 2 as const, details: { file: task.path } };
      post({ id: task.id, error: e });
    }
  })();
});
