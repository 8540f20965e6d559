/**
 * Pool worker behind {@link hashNwbFiles}: one h5wasm instance per worker, one file at a time.
 */
import { parentPort } from 'node:worker_threads';
import { isRecomputeError } from '@spyglass-recompute/errors';
import { loadH5wasm } from '../h5/h5wasm';
import { hashNwbFileSync, type HashNwbFileOptions } from './hashNwbFile';

interface Task {
  id: number;
  path: string;
  options: HashNwbFileOptions;
}

parentPort?.on('message', (task: Task) => {
  void (async () => {
    try {
      const h5 = await loadH5wasm();
      // File-level parallelism already uses the cores: hash in this thread.
      const result = hashNwbFileSync(h5, task.path, task.options, { pipelined: false });
      parentPort?.postMessage({ id: task.id, result });
    } catch (error) {
      const e = isRecomputeError(error)
        ? { code: error.code, message: error.message, exitCode: error.exitCode, details: error.details }
        : { code: 'HDF5_CORRUPT', message: `${task.path}: ${String(error)}`, exitCode: 2, details: { file: task.path } };
      parentPort?.postMessage({ id: task.id, error: e });
    }
  })();
});
