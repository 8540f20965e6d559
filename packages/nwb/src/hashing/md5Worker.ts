/**
 * Worker thread behind {@link Md5Offload}: computes dataset digests from row batches that
 * the reading thread places in shared slots, rounding them first when asked, so md5 (the
 * costliest step) runs on another core than HDF5 reading.
 */
import { createHash } from 'node:crypto';
import { parentPort, workerData } from 'node:worker_threads';
import { FloatRounder } from './FloatRounder';
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
  type Md5Job,
  type Md5WorkerData,
} from './md5Protocol';

const data = workerData as Md5WorkerData;
const ctrl = new Int32Array(data.control, 0, CTRL_WORDS);
const digestArea = new Uint8Array(data.control, 4 * CTRL_WORDS, DIGEST_BYTES);

let rounder: FloatRounder | undefined;

function runJob(job: Md5Job): void {
  const md5 = createHash('md5');
  md5.update(job.prefix);
  let slot = 0;
  for (;;) {
    let state = Atomics.load(ctrl, slot);
    while (state === SLOT_FREE) {
      Atomics.wait(ctrl, slot, SLOT_FREE, 1000);
      state = Atomics.load(ctrl, slot);
    }
    if (state === SLOT_END) {
      Atomics.store(ctrl, slot, SLOT_FREE);
      break;
    }
    const bytes = new Uint8Array(data.slots, slot * SLOT_BYTES, ctrl[SLOT_COUNT + slot]);
    if (job.precision) {
      rounder ??= FloatRounder.create();
      rounder.roundInPlace(bytes, job.itemsize as 2 | 4 | 8, job.precision);
    }
    md5.update(bytes);
    Atomics.store(ctrl, slot, SLOT_FREE);
    Atomics.notify(ctrl, slot);
    slot = (slot + 1) % SLOT_COUNT;
  }
  digestArea.set(Buffer.from(md5.digest('hex'), 'latin1'));
  Atomics.store(ctrl, CTRL_DONE_SEQ, job.seq);
  Atomics.notify(ctrl, CTRL_DONE_SEQ);
}

if (data.version === MD5_PROTOCOL_VERSION) {
  parentPort?.on('message', (job: Md5Job) => runJob(job));
  Atomics.store(ctrl, CTRL_READY, 1);
} else {
  Atomics.store(ctrl, CTRL_READY, -1);
}
Atomics.notify(ctrl, CTRL_READY);
