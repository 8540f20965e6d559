import { MessageChannel, Worker, receiveMessageOnPort, type MessagePort } from 'node:worker_threads';
import { compiledScript } from '../Md5Offload';
import {
  CLAIMED_BY_HASHER,
  MAX_PLANNED,
  PREHASH_PROTOCOL_VERSION,
  UNCLAIMED,
  SIGNAL_HEARTBEAT,
  SIGNAL_POSTED,
  SIGNAL_WORDS,
  type PlannedDataset,
  type PrehashMessage,
  type PrehashWorkerData,
} from './prehashProtocol';

/** Options of {@link Prehash.spawn}. */
export interface PrehashOptions {
  /** Only datasets holding at least this many bytes are hashed ahead. */
  minBytes: number;
  /** Resolved precision lookup (parent basename → decimals), as the hasher uses it. */
  precision: Record<string, number>;
  /** Give up on the worker when it makes no progress for this long. @default 60 000 */
  stallMs?: number;
}

/** What the hashing thread expects a dataset digest to have been computed with. */
export interface ExpectedDigestInput {
  /** `str(shape) + str(dtype)` from h5wasm's metadata. */
  prefix: string;
  /** Decimals the hasher would round with (0 = none). */
  precision: number;
  /** h5wasm's chunk shape, or null for contiguous storage. */
  chunks: number[] | null;
}

/**
 * Dataset digests computed ahead, on a worker, from the file's bytes (see `prehashWorker`).
 *
 * The hashing thread stays the authority: it asks for a digest only after reading the
 * dataset's metadata through h5wasm, and uses the answer only when the worker hashed the
 * same object (address) with the same shape/dtype text, rounding and storage layout;
 * otherwise, or when the worker could not read the dataset, it hashes through h5wasm.
 * The calls block (bounded by a stall timeout), like the rest of the synchronous hasher.
 */
export class Prehash {
  private readonly signal = new Int32Array(new SharedArrayBuffer(4 * SIGNAL_WORDS));
  private readonly claims = new Int32Array(new SharedArrayBuffer(4 * MAX_PLANNED));
  private readonly port: MessagePort;
  private readonly worker: Worker;
  private plan: Map<number, PlannedDataset> | undefined;
  private readonly results = new Map<number, PrehashMessage>();
  private done = false;
  private readonly stallMs: number;

  private constructor(script: string, filePath: string, options: PrehashOptions) {
    const channel = new MessageChannel();
    this.port = channel.port1;
    this.port.unref();
    this.stallMs = options.stallMs ?? 60_000;
    const workerData: PrehashWorkerData = {
      version: PREHASH_PROTOCOL_VERSION,
      filePath,
      minBytes: options.minBytes,
      precision: options.precision,
      signal: this.signal.buffer as SharedArrayBuffer,
      claims: this.claims.buffer as SharedArrayBuffer,
      port: channel.port2,
    };
    this.worker = new Worker(script, { workerData, transferList: [channel.port2] });
    this.worker.unref();
  }

  /** Starts the worker on `filePath`; undefined when no compiled worker script exists. */
  static spawn(filePath: string, options: PrehashOptions): Prehash | undefined {
    const script = compiledScript(__dirname, 'prehashWorker.js');
    return script === undefined ? undefined : new Prehash(script, filePath, options);
  }

  /** The datasets the worker plans to hash (waits for its plan; empty if it could not). */
  planned(): PlannedDataset[] {
    return [...this.awaitPlan().values()];
  }

  /** Whether the worker is hashing the object at `objectAddress` (waits for its plan). */
  covers(objectAddress: number): boolean {
    return this.awaitPlan().has(objectAddress);
  }

  private awaitPlan(): ReadonlyMap<number, PlannedDataset> {
    while (this.plan === undefined && !this.done) this.waitForMessage();
    return this.plan ?? new Map();
  }

  /**
   * Takes the dataset at `objectAddress` away from the worker if it has not started on it
   * (true: the caller hashes it now, through h5wasm, while the worker works on others).
   */
  claim(objectAddress: number): boolean {
    const planned = this.covers(objectAddress) ? this.plan?.get(objectAddress) : undefined;
    if (planned === undefined) return true;
    return Atomics.compareExchange(this.claims, planned.index, UNCLAIMED, CLAIMED_BY_HASHER) === UNCLAIMED;
  }

  /**
   * The digest of the dataset at `objectAddress` if the worker computed it from the same
   * inputs the hasher would use; undefined means "hash it yourself".
   */
  take(objectAddress: number, expected: ExpectedDigestInput): string | undefined {
    const planned = this.covers(objectAddress) ? this.plan?.get(objectAddress) : undefined;
    if (planned === undefined || !sameChunks(planned.chunks, expected.chunks)) return undefined;
    while (!this.results.has(objectAddress) && !this.done) this.waitForMessage();
    const result = this.results.get(objectAddress);
    if (result?.type !== 'digest') return undefined;
    return result.prefix === expected.prefix && result.precision === expected.precision ? result.digest : undefined;
  }

  /** Stops the worker (idempotent). */
  close(): void {
    this.done = true;
    this.port.close();
    void this.worker.terminate();
  }

  /** Takes every message already posted; returns how many there were. */
  private drain(): number {
    let count = 0;
    for (let m = receiveMessageOnPort(this.port); m !== undefined; m = receiveMessageOnPort(this.port)) {
      count += 1;
      const message = m.message as PrehashMessage;
      if (message.type === 'plan') this.plan = new Map(message.datasets.map((d) => [d.objectAddress, d]));
      else if (message.type === 'done') this.done = true;
      else this.results.set(message.objectAddress, message);
    }
    return count;
  }

  /** Returns once at least one new message is in; gives up on a worker that stalls. */
  private waitForMessage(): void {
    // Read the counter before draining, so a post between the two still wakes the wait.
    const posted = Atomics.load(this.signal, SIGNAL_POSTED);
    if (this.drain() > 0 || this.done) return;
    let heartbeat = Atomics.load(this.signal, SIGNAL_HEARTBEAT);
    let lastProgress = Date.now();
    while (Atomics.load(this.signal, SIGNAL_POSTED) === posted) {
      Atomics.wait(this.signal, SIGNAL_POSTED, posted, 200);
      const now = Atomics.load(this.signal, SIGNAL_HEARTBEAT);
      if (now !== heartbeat) {
        heartbeat = now;
        lastProgress = Date.now();
      } else if (Date.now() - lastProgress > this.stallMs) {
        this.close(); // everything not yet received is hashed through h5wasm
        return;
      }
    }
    // The counter moves after the message is posted; spin briefly until it is receivable.
    while (this.drain() === 0 && !this.done) Atomics.wait(this.signal, SIGNAL_POSTED, Atomics.load(this.signal, SIGNAL_POSTED), 1);
  }
}

function sameChunks(a: number[] | null, b: number[] | null): boolean {
  if (a === null || b === null) return a === b;
  return a.length === b.length && a.every((x, i) => x === b[i]);
}
