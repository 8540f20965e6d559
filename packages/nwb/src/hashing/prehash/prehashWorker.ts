/**
 * Worker behind {@link Prehash}: finds the file's large plain numeric datasets with the
 * layout parser and computes their Spyglass dataset digests straight from the file, so md5
 * (the bottleneck) runs while the hashing thread is still loading h5wasm.
 */
import { createHash } from 'node:crypto';
import { workerData } from 'node:worker_threads';
import { FileByteSource, LayoutUnsupported } from '../../h5/layout/byteSource';
import { locatePlainDatasets, type PlainDataset } from '../../h5/layout/locatePlainDatasets';
import { planRowBlocks, readRowBlock } from '../../h5/layout/rowBlocks';
import { pythonShape } from '../numpyDtype';
import { Md5Offload } from '../Md5Offload';
import { FloatRounder } from '../FloatRounder';
import { datasetDecimals } from '../parentPrecision';
import {
  CLAIMED_BY_WORKER,
  MAX_PLANNED,
  PREHASH_PROTOCOL_VERSION,
  SIGNAL_HEARTBEAT,
  SIGNAL_POSTED,
  SIGNAL_WORDS,
  UNCLAIMED,
  type PrehashMessage,
  type PrehashWorkerData,
} from './prehashProtocol';

/** Contiguous data is read in blocks of this size; a chunk row may be up to MAX_BLOCK_BYTES. */
const RANGE_BLOCK_BYTES = 8 * 1024 * 1024;
const MAX_BLOCK_BYTES = 64 * 1024 * 1024;

const data = workerData as PrehashWorkerData;
const signal = new Int32Array(data.signal, 0, SIGNAL_WORDS);
const claims = new Int32Array(data.claims, 0, MAX_PLANNED);

function post(message: PrehashMessage): void {
  data.port.postMessage(message);
  Atomics.add(signal, SIGNAL_POSTED, 1);
  Atomics.notify(signal, SIGNAL_POSTED);
}

/** Decimals the hasher rounds this dataset to (integers are never rounded). */
function precisionFor(ds: PlainDataset): number {
  return datasetDecimals(ds.path, ds.type.kind === 'float', data.precision);
}

let rounder: FloatRounder | undefined;
/** This thread's SIMD rounder (created on the first rounded dataset). */
function threadRounder(): FloatRounder {
  rounder ??= FloatRounder.create();
  return rounder;
}

let partner: Md5Offload | undefined;
let partnerTried = false;
/** An md5 thread for datasets that are rounded first (started once, on first need). */
function roundingPartner(): Md5Offload | undefined {
  if (!partnerTried) {
    partnerTried = true;
    partner = Md5Offload.start();
  }
  return partner;
}

/**
 * `str(shape) + str(dtype)` and the (rounded) row-order bytes into md5, reading block
 * i + 1 on the thread pool while block i is hashed.
 */
async function digestOf(src: FileByteSource, ds: PlainDataset): Promise<{ prefix: string; precision: number; digest: string }> {
  const blocks = planRowBlocks(ds, ds.storage.kind === 'contiguous' ? RANGE_BLOCK_BYTES : MAX_BLOCK_BYTES, RANGE_BLOCK_BYTES);
  const largest = blocks.reduce((m, b) => Math.max(m, b.bytes), 0);
  const buffers = [new Uint8Array(largest), new Uint8Array(largest)];
  const load = async (i: number): Promise<Uint8Array> => {
    const block = blocks[i];
    const into = buffers[i % 2];
    if (block.kind !== 'range') return readRowBlock(src, ds, block, into);
    const out = into.subarray(0, block.bytes);
    await src.readIntoAsync(block.address, out);
    return out;
  };
  const prefix = pythonShape(ds.shape) + ds.type.name;
  const precision = precisionFor(ds);
  const rounding = precision ? threadRounder() : undefined;
  const md5Thread = precision ? roundingPartner() : undefined;
  if (md5Thread !== undefined) {
    // Rounding (SIMD) costs a fraction of md5: round here, md5 on a second thread.
    const digest = md5Thread.digest(prefix, 0, ds.type.itemsize, (emit) => {
      for (const block of blocks) {
        const bytes = readRowBlock(src, ds, block, buffers[0]);
        rounding?.roundInPlace(bytes, ds.type.itemsize as 2 | 4 | 8, precision);
        for (let at = 0; at < bytes.byteLength; at += Md5Offload.slotBytes)
          emit(bytes.subarray(at, Math.min(bytes.byteLength, at + Md5Offload.slotBytes)));
        Atomics.add(signal, SIGNAL_HEARTBEAT, 1);
      }
    });
    return { prefix, precision, digest };
  }
  const md5 = createHash('md5');
  md5.update(prefix);
  let next = blocks.length > 0 ? load(0) : undefined;
  for (let i = 0; i < blocks.length; i += 1) {
    const bytes = await (next as Promise<Uint8Array>);
    next = i + 1 < blocks.length ? load(i + 1) : undefined;
    rounding?.roundInPlace(bytes, ds.type.itemsize as 2 | 4 | 8, precision);
    md5.update(bytes);
    Atomics.add(signal, SIGNAL_HEARTBEAT, 1);
  }
  return { prefix, precision, digest: md5.digest('hex') };
}

async function run(): Promise<void> {
  if (data.version !== PREHASH_PROTOCOL_VERSION) {
    post({ type: 'done', error: 'protocol version mismatch' });
    return;
  }
  let src: FileByteSource | undefined;
  try {
    src = FileByteSource.open(data.filePath);
    // Only layouts read as whole-row ranges: chunks narrower than a row would be gathered
    // row by row here, which HDF5 (h5wasm) does faster in C.
    const datasets = locatePlainDatasets(src, { minBytes: data.minBytes })
      .filter((d) => d.storage.kind === 'contiguous' || d.storage.chunkDims.every((c, i) => i === 0 || c === d.shape[i]))
      .slice(0, MAX_PLANNED);
    // The first dataset is ours before anyone hears of the plan: the hashing thread only
    // takes datasets the worker has not started, never the one it is about to start.
    if (datasets.length > 0) Atomics.store(claims, 0, CLAIMED_BY_WORKER);
    post({
      type: 'plan',
      datasets: datasets.map((d, index) => ({
        index,
        objectAddress: d.objectAddress,
        path: d.path,
        chunks: d.storage.kind === 'chunked' ? d.storage.chunkDims : null,
      })),
    });
    for (const [index, ds] of datasets.entries()) {
      if (index > 0 && Atomics.compareExchange(claims, index, UNCLAIMED, CLAIMED_BY_WORKER) !== UNCLAIMED) {
        post({ type: 'skipped', objectAddress: ds.objectAddress, reason: 'hashed by the hashing thread' });
        continue;
      }
      try {
        post({ type: 'digest', objectAddress: ds.objectAddress, ...(await digestOf(src, ds)) });
      } catch (error) {
        if (!(error instanceof LayoutUnsupported)) throw error;
        post({ type: 'skipped', objectAddress: ds.objectAddress, reason: error.message });
      }
    }
    post({ type: 'done' });
  } catch (error) {
    post({ type: 'done', error: error instanceof Error ? error.message : String(error) });
  } finally {
    partner?.close();
    src?.close();
    data.port.close();
  }
}

void run();
