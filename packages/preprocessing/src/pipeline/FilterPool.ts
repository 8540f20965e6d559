import path from 'node:path';
import { existsSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import { reviveRecomputeError } from '@spyglass-recompute/errors';
import { preprocessingErrors } from '../preprocessingErrors';
import type { FilterChunkInput } from './filterChunk';

interface Pending {
  resolve: (v: Int16Array | Float64Array) => void;
  reject: (e: unknown) => void;
}

/**
 * The compiled worker script. From `dist/pipeline` it is a sibling; from `src/pipeline`
 * (the jest transform) it is the same path under `dist/`, so the package must be built first.
 */
function workerScript(): string {
  const sibling = path.join(__dirname, 'filterWorker.js');
  if (existsSync(sibling)) return sibling;
  const dist = path.resolve(__dirname, '../../dist/pipeline/filterWorker.js');
  if (existsSync(dist)) return dist;
  throw preprocessingErrors.workerScriptMissing(dist);
}

/** A fixed pool of filter workers; chunks are independent, so they filter in parallel. */
export class FilterPool {
  private readonly workers: Worker[] = [];
  private readonly idle: Worker[] = [];
  private readonly queue: { id: number; input: FilterChunkInput }[] = [];
  private readonly pending = new Map<number, Pending>();
  private nextId = 0;
  /** Raw input buffers the workers handed back, to read the next chunks into. */
  private readonly spares: ArrayBuffer[] = [];

  constructor(size: number) {
    const script = workerScript();
    for (let i = 0; i < size; i++) {
      const w = new Worker(script);
      w.on(
        'message',
        (msg: {
          id: number;
          output?: Int16Array | Float64Array;
          spare?: ArrayBuffer;
          error?: { message: string; code?: string; details?: Record<string, unknown> };
        }) => {
          const p = this.pending.get(msg.id);
          this.pending.delete(msg.id);
          if (msg.spare && this.spares.length < size + 2) this.spares.push(msg.spare);
          this.idle.push(w);
          this.pump();
          if (!p) return;
          if (msg.error) {
            p.reject(
              msg.error.code
                ? reviveRecomputeError({ code: msg.error.code, message: msg.error.message, details: msg.error.details })
                : preprocessingErrors.filterWorkerFailed(msg.error.message),
            );
          } else p.resolve(msg.output as Int16Array | Float64Array);
        },
      );
      w.on('error', (err) => {
        for (const p of this.pending.values())
          p.reject(preprocessingErrors.filterWorkerFailed(`filter worker crashed: ${err.message}`, err));
        this.pending.clear();
      });
      this.workers.push(w);
      this.idle.push(w);
    }
  }

  /** Filters one chunk in a worker (the input buffer is transferred, not copied). */
  run(input: FilterChunkInput): Promise<Int16Array | Float64Array> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.queue.push({ id, input });
      this.pump();
    });
  }

  /**
   * A returned raw input buffer of at least `bytes` bytes as an Int16Array (to read a chunk
   * into and pass to {@link run}), or undefined when none is free.
   */
  takeSpare(bytes: number): Int16Array | undefined {
    const i = this.spares.findIndex((b) => b.byteLength >= bytes);
    if (i < 0) return undefined;
    return new Int16Array(this.spares.splice(i, 1)[0]);
  }

  private pump(): void {
    while (this.idle.length > 0 && this.queue.length > 0) {
      const w = this.idle.pop() as Worker;
      const task = this.queue.shift() as { id: number; input: FilterChunkInput };
      const transfer = [task.input.raw.buffer as ArrayBuffer];
      const ref = task.input.referenceValues;
      if (ref && !(ref.buffer instanceof SharedArrayBuffer)) transfer.push(ref.buffer as ArrayBuffer);
      if (task.input.output) transfer.push(task.input.output);
      w.postMessage(task, transfer);
    }
  }

  /** Terminates all workers. */
  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}
