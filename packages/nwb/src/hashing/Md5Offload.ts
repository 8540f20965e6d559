import { existsSync } from 'node:fs';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import {
  CTRL_DONE_SEQ,
  CTRL_READY,
  CTRL_WORDS,
  DIGEST_BYTES,
  MD5_PROTOCOL_VERSION,
  SLOT_BYTES,
  SLOT_COUNT,
  SLOT_END,
  SLOT_FREE,
  SLOT_FULL,
  type Md5Job,
  type Md5WorkerData,
} from './md5Protocol';

const READY_TIMEOUT_MS = 5_000;

/**
 * Path of a compiled script next to this module. Under jest the sources run from `src/`,
 * but a worker must load JavaScript, so `src/…` maps to the package's built `dist/…`
 * (build first); undefined when neither exists.
 */
export function compiledScript(dir: string, file: string): string | undefined {
  const candidates = [path.join(dir, file)];
  const marker = `${path.sep}src${path.sep}`;
  const idx = dir.lastIndexOf(marker);
  if (idx >= 0) candidates.push(path.join(dir.slice(0, idx), 'dist', dir.slice(idx + marker.length), file));
  return candidates.find((c) => existsSync(c));
}

/**
 * Computes dataset digests on a worker thread while the calling thread keeps reading HDF5.
 * The caller stays synchronous: it copies each batch into one of 4 shared 8 MiB slots
 * (bounded memory) and blocks with `Atomics.wait` only when all slots are busy.
 */
export class Md5Offload {
  private readonly control = new SharedArrayBuffer(4 * CTRL_WORDS + DIGEST_BYTES);
  private readonly slots = new SharedArrayBuffer(SLOT_COUNT * SLOT_BYTES);
  private readonly ctrl = new Int32Array(this.control, 0, CTRL_WORDS);
  private readonly worker: Worker;
  private seq = 0;

  private constructor(script: string) {
    const workerData: Md5WorkerData = { version: MD5_PROTOCOL_VERSION, control: this.control, slots: this.slots };
    this.worker = new Worker(script, { workerData });
    this.worker.unref();
  }

  /**
   * Spawns the md5 worker without waiting for it (it boots while the caller loads h5wasm);
   * undefined when no compiled worker script exists.
   */
  static spawn(): Md5Offload | undefined {
    const script = compiledScript(__dirname, 'md5Worker.js');
    return script === undefined ? undefined : new Md5Offload(script);
  }

  /** Spawns the worker and waits until it runs; undefined when it cannot start. */
  static start(): Md5Offload | undefined {
    const offload = Md5Offload.spawn();
    return offload?.ready() ? offload : undefined;
  }

  /** Waits (synchronously, bounded) until the worker runs; false (and closed) when it does not start. */
  ready(): boolean {
    const deadline = Date.now() + READY_TIMEOUT_MS;
    while (Atomics.load(this.ctrl, CTRL_READY) === 0 && Date.now() < deadline) Atomics.wait(this.ctrl, CTRL_READY, 0, 20);
    if (Atomics.load(this.ctrl, CTRL_READY) === 1) return true;
    this.close();
    return false;
  }

  /** Bytes one slot holds. */
  static readonly slotBytes = SLOT_BYTES;

  /**
   * Digest of `prefix` followed by every chunk `produce` emits (each ≤ {@link slotBytes}),
   * rounded first when `precision` > 0. `produce` calls `emit(bytes)` synchronously.
   */
  digest(prefix: string, precision: number, itemsize: number, produce: (emit: (bytes: Uint8Array) => void) => void): string {
    this.seq += 1;
    const job: Md5Job = { seq: this.seq, prefix, precision, itemsize };
    this.worker.postMessage(job);
    let slot = 0;
    const waitFree = (s: number): void => {
      while (Atomics.load(this.ctrl, s) !== SLOT_FREE) Atomics.wait(this.ctrl, s, Atomics.load(this.ctrl, s), 1000);
    };
    let failure: unknown;
    try {
      produce((bytes) => {
        if (bytes.byteLength > SLOT_BYTES) throw new RangeError(`chunk of ${bytes.byteLength} bytes exceeds a slot`);
        waitFree(slot);
        new Uint8Array(this.slots, slot * SLOT_BYTES, bytes.byteLength).set(bytes);
        this.ctrl[SLOT_COUNT + slot] = bytes.byteLength;
        Atomics.store(this.ctrl, slot, SLOT_FULL);
        Atomics.notify(this.ctrl, slot);
        slot = (slot + 1) % SLOT_COUNT;
      });
    } catch (error) {
      // Still end the job so the worker is ready for the next one, then report the failure.
      failure = error;
    }
    waitFree(slot);
    Atomics.store(this.ctrl, slot, SLOT_END);
    Atomics.notify(this.ctrl, slot);
    while (Atomics.load(this.ctrl, CTRL_DONE_SEQ) !== this.seq)
      Atomics.wait(this.ctrl, CTRL_DONE_SEQ, Atomics.load(this.ctrl, CTRL_DONE_SEQ), 1000);
    if (failure !== undefined) throw failure;
    return Buffer.from(new Uint8Array(this.control, 4 * CTRL_WORDS, 32)).toString('latin1');
  }

  /** Stops the worker. */
  close(): void {
    void this.worker.terminate();
  }
}
