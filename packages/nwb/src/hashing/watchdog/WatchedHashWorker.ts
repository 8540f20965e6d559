import { Worker } from 'node:worker_threads';
import { type RecomputeError, reviveRecomputeError } from '@spyglass-recompute/errors';
import type { HashNwbFileOptions, NwbHashResult } from '../hashNwbFile';
import { hashErrors } from '../hashErrors';
import type { HashTask, HashWorkerMessage } from './hashWorkerProtocol';

/** How one file is hashed by {@link WatchedHashWorker.hash}. */
export interface WatchedHashRun {
  /** Give up (and kill the worker) after this long. */
  timeoutMs: number;
  /** Use the md5/prehash helper threads inside the worker. @default false */
  pipelined?: boolean;
  /** Called after each hashed object. */
  onObject?: (done: number, total: number, objectPath: string) => void;
}

/** The outcome of one watched file: a digest or a typed error, never a hang. */
export type WatchedHashOutcome = { ok: true; result: NwbHashResult } | { ok: false; error: RecomputeError };

/**
 * One hashing worker thread (`hashFileWorker`) under a watchdog. h5wasm loops forever on some
 * damaged files (100% CPU inside wasm, issue 12), and synchronous wasm cannot be interrupted
 * from its own thread; a worker can be terminated from outside. A file that runs past its
 * budget, or a worker that dies, ends as a typed error and the next file gets a fresh worker;
 * a healthy worker (and its loaded h5wasm) is reused.
 */
export class WatchedHashWorker {
  private worker: Worker | undefined;
  private nextId = 0;

  constructor(private readonly script: string) {}

  /** Hashes `filePath` in the worker; resolves with a digest or a typed error. */
  async hash(filePath: string, options: HashNwbFileOptions, run: WatchedHashRun): Promise<WatchedHashOutcome> {
    const worker = (this.worker ??= new Worker(this.script));
    const id = this.nextId++;
    let lastObject: string | undefined;
    const outcome = await new Promise<WatchedHashOutcome | 'timeout' | { crashed: unknown }>((resolve) => {
      const timer = setTimeout(() => finish('timeout'), run.timeoutMs);
      const onMessage = (message: HashWorkerMessage): void => {
        if (message.id !== id) return;
        if ('progress' in message) {
          lastObject = message.progress.object;
          run.onObject?.(message.progress.done, message.progress.total, message.progress.object);
        } else if ('result' in message) {
          finish({ ok: true, result: message.result });
        } else {
          finish({ ok: false, error: reviveRecomputeError(message.error) });
        }
      };
      const onError = (error: unknown): void => finish({ crashed: error });
      const onExit = (code: number): void => finish({ crashed: new Error(`hashing worker exited with code ${code}`) });
      function finish(value: WatchedHashOutcome | 'timeout' | { crashed: unknown }): void {
        clearTimeout(timer);
        worker.off('message', onMessage);
        worker.off('error', onError);
        worker.off('exit', onExit);
        resolve(value);
      }
      worker.on('message', onMessage);
      worker.on('error', onError);
      worker.on('exit', onExit);
      const task: HashTask = { id, path: filePath, options, pipelined: run.pipelined ?? false, progress: run.onObject !== undefined };
      worker.postMessage(task);
    });
    if (outcome === 'timeout' || 'crashed' in outcome) {
      // The worker may still spin inside wasm: terminating interrupts it (V8 checks for
      // termination in wasm loops); the next file gets a fresh one.
      await this.discardWorker();
      return {
        ok: false,
        error:
          outcome === 'timeout'
            ? hashErrors.hdf5Timeout(filePath, run.timeoutMs, lastObject)
            : hashErrors.hashWorkerCrashed(filePath, outcome.crashed),
      };
    }
    return outcome;
  }

  /** Stops the worker (idempotent). */
  async close(): Promise<void> {
    await this.discardWorker();
  }

  private async discardWorker(): Promise<void> {
    const worker = this.worker;
    this.worker = undefined;
    if (worker !== undefined) await worker.terminate();
  }
}
