import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { H5Reader } from '../h5/H5Reader';
import { loadH5wasm } from '../h5/h5wasm';
import { h5FilesForSuite } from '../test-support/h5FilesForSuite';
import { STREAM_MIN_BYTES } from './datasetDigest';
import { hashNwbFile, type DatasetDigestThread } from './hashNwbFile';
import { Md5Offload } from './Md5Offload';
import { numpyDtype, pythonShape } from './numpyDtype';
import { Prehash, type ExpectedDigestInput } from './prehash/Prehash';

// Which helper threads hashNwbFile starts, and how it uses a look-ahead worker's answers. Thread
// choices never change a digest (Md5Offload.test.ts checks that), but a small file must not pay
// for threads, a big one must start them before h5wasm has loaded, and a digest taken from the
// look-ahead worker must be the one for the inputs this thread would have used.

const fixtures = path.resolve(__dirname, '../../../../../shared/fixtures');
const v1Dir = path.join(fixtures, 'spikesorting/short/v1');
const smallFile = path.join(v1Dir, readdirSync(v1Dir).find((f) => f.endsWith('.nwb')) as string);
const PES = /ProcessedElectricalSeries\/data$/;

const suiteFile = h5FilesForSuite('hash-threads', (h5, dir) => {
  const write = (name: string, datasets: string[], options: { rows: number; fill: number; chunkRows: number; compression?: 'gzip' }) => {
    const f = new h5.File(path.join(dir, name), 'w');
    try {
      for (const dataset of datasets) {
        f.create_dataset({
          name: dataset,
          data: new Int16Array(options.rows * 4).fill(options.fill),
          shape: [options.rows, 4],
          chunks: [options.chunkRows, 4],
          ...(options.compression ? { compression: options.compression } : {}),
        });
      }
    } finally {
      f.close();
    }
  };
  write('big.h5', ['data'], { rows: Math.ceil((STREAM_MIN_BYTES + 4096) / 8), fill: 3, chunkRows: 16384 });
  // a small file holding big gzip datasets
  write('compressed.h5', ['a', 'b'], { rows: Math.ceil(STREAM_MIN_BYTES / 8), fill: 7, chunkRows: 65536, compression: 'gzip' });
});
let bigFile: string;
beforeAll(() => {
  bigFile = suiteFile('big.h5');
});
afterEach(() => jest.restoreAllMocks());

/** Spies on the helper-thread factories (they still run). */
function spyOnThreads(): { prehash: jest.SpyInstance; md5Spawn: jest.SpyInstance; md5Start: jest.SpyInstance } {
  return {
    prehash: jest.spyOn(Prehash, 'spawn'),
    md5Spawn: jest.spyOn(Md5Offload, 'spawn'),
    md5Start: jest.spyOn(Md5Offload, 'start'),
  };
}

describe('hashNwbFile: helper threads', () => {
  it('a file under 16 MiB starts none', async () => {
    const spies = spyOnThreads();
    await hashNwbFile(smallFile);
    expect(spies.prehash).not.toHaveBeenCalled();
    expect(spies.md5Spawn).not.toHaveBeenCalled();
    expect(spies.md5Start).not.toHaveBeenCalled();
  });

  it('a file of at least prehashMinBytes starts the look-ahead worker with that threshold and the resolved precision', async () => {
    const spies = spyOnThreads();
    const size = statSync(smallFile).size;
    await hashNwbFile(smallFile, { precision: 2 }, { prehashMinBytes: size });
    expect(spies.prehash).toHaveBeenCalledTimes(1);
    expect(spies.prehash).toHaveBeenCalledWith(smallFile, { minBytes: size, precision: { ProcessedElectricalSeries: 2 } });
    expect(spies.md5Spawn).not.toHaveBeenCalled();
    spies.prehash.mockClear();
    await hashNwbFile(smallFile, {}, { prehashMinBytes: size + 1 });
    expect(spies.prehash).not.toHaveBeenCalled();
  });

  it('a big file without the look-ahead worker boots the md5 thread ahead, once, and hashes its data there', async () => {
    const spies = spyOnThreads();
    const computedBy: DatasetDigestThread[] = [];
    await hashNwbFile(bigFile, {}, { prehashMinBytes: Infinity, onDatasetDigest: (_, by) => computedBy.push(by) });
    expect(spies.prehash).not.toHaveBeenCalled();
    expect(spies.md5Spawn).toHaveBeenCalledTimes(1);
    expect(spies.md5Start).not.toHaveBeenCalled();
    expect(computedBy).toEqual(['md5-worker']);
  });

  it('a big file starts the look-ahead worker and no md5 thread ahead', async () => {
    const spies = spyOnThreads();
    await hashNwbFile(bigFile);
    expect(spies.prehash).toHaveBeenCalledTimes(1);
    expect(spies.prehash).toHaveBeenCalledWith(bigFile, { minBytes: STREAM_MIN_BYTES, precision: { ProcessedElectricalSeries: 4 } });
    expect(spies.md5Spawn).not.toHaveBeenCalled();
  });

  it('a small file holding big compressed datasets starts the md5 thread when it reaches the first, once', async () => {
    const file = suiteFile('compressed.h5');
    expect(statSync(file).size).toBeLessThan(STREAM_MIN_BYTES);
    const spies = spyOnThreads();
    const computedBy: DatasetDigestThread[] = [];
    const lazily = await hashNwbFile(file, { objects: true }, { onDatasetDigest: (_, by) => computedBy.push(by) });
    expect(spies.md5Spawn).toHaveBeenCalledTimes(1); // by start(), not ahead
    expect(spies.md5Start).toHaveBeenCalledTimes(1);
    expect(computedBy).toEqual(['md5-worker', 'md5-worker']);
    expect(lazily.objects).toEqual((await hashNwbFile(file, { objects: true }, { pipelined: false })).objects);
  });

  it('pipelined: false and legacy mode start no thread, even for a big file', async () => {
    const spies = spyOnThreads();
    await hashNwbFile(bigFile, {}, { pipelined: false });
    await hashNwbFile(bigFile, { legacy: true }, { prehashMinBytes: Infinity, pipelined: false });
    await hashNwbFile(bigFile, { legacy: true });
    expect(spies.prehash).not.toHaveBeenCalled();
    expect(spies.md5Start).not.toHaveBeenCalled();
    // legacy hashes no dataset content: at most the md5 thread booted ahead, never used
    expect(spies.md5Spawn.mock.calls.length).toBeLessThanOrEqual(1);
  });

  it('an md5 thread the caller started is used for the big data and closed at the end, and none is spawned', async () => {
    const offload = Md5Offload.spawn() as Md5Offload;
    const close = jest.spyOn(offload, 'close');
    const spies = spyOnThreads();
    const computedBy: DatasetDigestThread[] = [];
    await hashNwbFile(bigFile, {}, { offload, prehashMinBytes: Infinity, onDatasetDigest: (_, by) => computedBy.push(by) });
    expect(computedBy).toEqual(['md5-worker']);
    expect(spies.md5Spawn).not.toHaveBeenCalled();
    expect(spies.md5Start).not.toHaveBeenCalled();
    expect(close).toHaveBeenCalled();
  });
});

/** A look-ahead worker stand-in: covers every dataset; what it answers is the test's choice. */
function standInPrehash(answer: { claim: boolean; take: (address: number, expected: ExpectedDigestInput) => string | undefined }): {
  prehash: Prehash;
  calls: { claim: number[]; take: Array<[number, ExpectedDigestInput]>; close: number };
} {
  const calls = { claim: [] as number[], take: [] as Array<[number, ExpectedDigestInput]>, close: 0 };
  const prehash = {
    covers: () => true,
    claim: (address: number) => (calls.claim.push(address), answer.claim),
    take: (address: number, expected: ExpectedDigestInput) => (calls.take.push([address, expected]), answer.take(address, expected)),
    close: () => (calls.close += 1),
  } as unknown as Prehash;
  return { prehash, calls };
}

describe('hashNwbFile: answers of a look-ahead worker', () => {
  it('hashes a dataset taken back from the worker in this thread (a small one), with the same digests', async () => {
    const plain = await hashNwbFile(smallFile, { objects: true }, { pipelined: false });
    const { prehash, calls } = standInPrehash({ claim: true, take: () => 'x'.repeat(32) });
    const computedBy = new Set<DatasetDigestThread>();
    const result = await hashNwbFile(smallFile, { objects: true }, { prehash, onDatasetDigest: (_, by) => computedBy.add(by) });
    expect(result.objects).toEqual(plain.objects);
    expect(result.hash).toBe(plain.hash);
    expect(calls.claim.length).toBeGreaterThan(5);
    expect(calls.take).toEqual([]);
    expect(computedBy).toEqual(new Set(['this-thread']));
    expect(calls.close).toBe(1);
  });

  it("uses the worker's digest when it has one, asking with this thread's shape/dtype text, rounding and chunks", async () => {
    const plain = await hashNwbFile(smallFile, { objects: true }, { pipelined: false });
    const fake = 'f'.repeat(32);
    const { prehash, calls } = standInPrehash({ claim: false, take: () => fake });
    const computedBy = new Set<DatasetDigestThread>();
    const result = await hashNwbFile(smallFile, { objects: true }, { prehash, onDatasetDigest: (_, by) => computedBy.add(by) });
    expect(computedBy).toEqual(new Set(['prehash']));
    expect(result.hash).not.toBe(plain.hash);
    // every dataset digest came from the worker: the object digests of datasets changed, of groups not
    const changed = Object.keys(plain.objects ?? {}).filter((p) => plain.objects?.[p] !== result.objects?.[p]);
    expect(changed.length).toBe(calls.take.length);
    // the inputs this thread would have hashed with
    const reader = H5Reader.open(await loadH5wasm(), smallFile);
    try {
      const pes = changed.find((p) => PES.test(p)) as string;
      expect(pes).toBeDefined();
      for (const p of [pes, ...changed.filter((c) => c !== pes).slice(0, 3)]) {
        const meta = reader.datasetMeta(`/${p}`);
        const dtype = numpyDtype(meta);
        const address = Number(Buffer.from(reader.objectToken(`/${p}`), 'hex').readBigUInt64LE());
        const expected: ExpectedDigestInput = {
          prefix: meta.shape === null ? '' : pythonShape(meta.shape) + dtype.name,
          // floats under ProcessedElectricalSeries are rounded to 4 decimals by default
          precision: p.split('/').at(-2) === 'ProcessedElectricalSeries' && dtype.kind === 'float' ? 4 : 0,
          chunks: meta.chunks ?? null,
        };
        expect(calls.take).toContainEqual([address, expected]);
      }
    } finally {
      reader.close();
    }
    expect(calls.close).toBe(1);
  });

  it("falls back to this thread's digest when the worker has none, folding every object in path order", async () => {
    const plain = await hashNwbFile(smallFile, { objects: true }, { pipelined: false });
    const { prehash, calls } = standInPrehash({ claim: false, take: () => undefined });
    const progress: string[] = [];
    const computedBy = new Set<DatasetDigestThread>();
    const result = await hashNwbFile(
      smallFile,
      { objects: true },
      { prehash, onObject: (_d, _t, p) => progress.push(p), onDatasetDigest: (_, by) => computedBy.add(by) },
    );
    expect(computedBy).toEqual(new Set(['this-thread']));
    expect(calls.take.length).toBeGreaterThan(5);
    expect(result.objects).toEqual(plain.objects);
    expect(Object.keys(result.objects ?? {})).toEqual(Object.keys(plain.objects ?? {}));
    expect(result.hash).toBe(plain.hash);
    expect(progress).toEqual(Object.keys(plain.objects ?? {}));
  });
});
