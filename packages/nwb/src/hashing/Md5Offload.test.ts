import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadH5wasm } from '../h5/h5wasm';
import { hashNwbFile, type DatasetDigestThread, type HashRuntimeOptions } from './hashNwbFile';
import { Md5Offload, compiledScript } from './Md5Offload';
import { numpyRoundFloatsInPlace } from './numpyRound';
import { STREAM_MIN_BYTES } from './datasetDigest';

describe('md5 worker offload (large numeric datasets)', () => {
  let tmp: string;
  let file: string;
  beforeAll(async () => {
    tmp = mkdtempSync(path.join(os.tmpdir(), 'md5-offload-'));
    file = path.join(tmp, 'big.nwb');
    const h5 = await loadH5wasm();
    const f = new h5.File(file, 'w');
    try {
      const pes = f.create_group('acquisition').create_group('ProcessedElectricalSeries');
      const rows = Math.ceil((2.5 * STREAM_MIN_BYTES) / (4 * 8));
      const data = new Float64Array(rows * 4);
      for (let i = 0; i < data.length; i += 1) data[i] = Math.sin(i) * 1000 + (i % 7) * 0.00005;
      pes.create_dataset({ name: 'data', data, shape: [rows, 4], chunks: [8192, 4] });
      const ints = new Int16Array(rows * 4);
      for (let i = 0; i < ints.length; i += 1) ints[i] = ((i * 7919) % 65536) - 32768;
      f.create_group('raw').create_dataset({ name: 'data', data: ints, shape: [rows, 4], chunks: [16384, 4] });
    } finally {
      f.close();
    }
  });
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));

  it('finds the compiled worker script', () => {
    expect(compiledScript(__dirname, 'md5Worker.js')).toBeDefined();
  });

  it('digests a prefix and chunks spread over more than its slots, rounding floats when asked', () => {
    const offload = Md5Offload.start() as Md5Offload;
    try {
      // 7 chunks of different sizes (up to a full slot) cycle through the 4 slots twice
      const chunks = [1, Md5Offload.slotBytes, 3, 4096, 17, Md5Offload.slotBytes - 1, 8].map((n, k) => {
        const chunk = new Uint8Array(n);
        for (let i = 0; i < n; i += 1) chunk[i] = (i * 31 + k) & 0xff;
        return chunk;
      });
      const expected = createHash('md5').update('(9,)int8');
      for (const c of chunks) expected.update(c);
      expect(offload.digest('(9,)int8', 0, 1, (emit) => chunks.forEach((c) => emit(c)))).toBe(expected.digest('hex'));
      const floats = new Float64Array([0.123456, -2.5e-5, 1 / 3, 12345.67891]);
      const rounded = new Uint8Array(floats.slice().buffer);
      numpyRoundFloatsInPlace(rounded, 8, 4);
      const bytes = new Uint8Array(floats.buffer);
      expect(offload.digest('(4,)float64', 4, 8, (emit) => emit(bytes))).toBe(
        createHash('md5').update('(4,)float64').update(rounded).digest('hex'),
      );
      expect(new Float64Array(bytes.buffer)).toEqual(floats); // the caller's data is not rounded in place
    } finally {
      offload.close();
    }
  });

  it('a chunk larger than a slot fails that digest only; the worker serves the next job', () => {
    const offload = Md5Offload.start() as Md5Offload;
    try {
      const tooBig = Md5Offload.slotBytes + 1;
      expect(() => offload.digest('p', 0, 1, (emit) => emit(new Uint8Array(tooBig)))).toThrow(
        new RangeError(`chunk of ${tooBig} bytes exceeds a slot`),
      );
      const data = Uint8Array.from([1, 2, 3]);
      expect(offload.digest('p', 0, 1, (emit) => emit(data))).toBe(createHash('md5').update('p').update(data).digest('hex'));
    } finally {
      offload.close();
    }
  });

  it('compiledScript: a script beside the module first, else the dist/ twin of a src/ folder, else undefined', () => {
    const pkg = path.join(tmp, 'pkg');
    mkdirSync(path.join(pkg, 'src', 'hashing'), { recursive: true });
    mkdirSync(path.join(pkg, 'dist', 'hashing'), { recursive: true });
    writeFileSync(path.join(pkg, 'dist', 'hashing', 'w.js'), '');
    const srcDir = path.join(pkg, 'src', 'hashing');
    expect(compiledScript(srcDir, 'w.js')).toBe(path.join(pkg, 'dist', 'hashing', 'w.js'));
    writeFileSync(path.join(srcDir, 'w.js'), '');
    expect(compiledScript(srcDir, 'w.js')).toBe(path.join(srcDir, 'w.js'));
    // outside any src/ folder only the module's own folder counts
    expect(compiledScript(path.join(pkg, 'dist', 'hashing'), 'w.js')).toBe(path.join(pkg, 'dist', 'hashing', 'w.js'));
    expect(compiledScript(path.join(pkg, 'dist'), 'w.js')).toBeUndefined();
    expect(compiledScript(srcDir, 'missing.js')).toBeUndefined();
  });

  it.each([undefined, 0, 2])('gives the same digests as in-thread hashing (precision %s)', async (precision) => {
    const inThread = await hashNwbFile(file, { precision, objects: true }, { pipelined: false });
    // By default the look-ahead worker takes the big datasets; without it they go to the md5 thread.
    const offloaded = await hashNwbFile(file, { precision, objects: true }, { pipelined: true });
    const md5Thread: DatasetDigestThread[] = [];
    const viaMd5Thread = await hashNwbFile(
      file,
      { precision, objects: true },
      { prehashMinBytes: Infinity, onDatasetDigest: (_, by) => md5Thread.push(by) },
    );
    expect(md5Thread).toContain('md5-worker');
    expect(offloaded.objects).toEqual(inThread.objects);
    expect(offloaded.hash).toBe(inThread.hash);
    expect(viaMd5Thread.objects).toEqual(inThread.objects);
    expect(viaMd5Thread.hash).toBe(inThread.hash);
  });

  /** dataset path → the threads that reported computing its digest, for one hash of the big file. */
  async function threadsUsed(runtime: HashRuntimeOptions, legacy = false): Promise<Record<string, DatasetDigestThread[]>> {
    const seen: Record<string, DatasetDigestThread[]> = {};
    await hashNwbFile(file, { legacy }, { ...runtime, onDatasetDigest: (p, by) => (seen[p] ??= []).push(by) });
    return seen;
  }
  const PES = 'acquisition/ProcessedElectricalSeries/data';
  const RAW = 'raw/data';

  describe('which thread computes a dataset digest', () => {
    it('pipelined: false reads and hashes every dataset on the calling thread', async () => {
      expect(await threadsUsed({ pipelined: false })).toEqual({ [PES]: ['this-thread'], [RAW]: ['this-thread'] });
    });

    it('without the look-ahead worker, datasets of at least 16 MiB go to the md5 thread, smaller ones stay (the default is pipelined)', async () => {
      // PES data is 40 MiB; the int16 raw data 10 MiB stays on this thread
      expect(await threadsUsed({ prehashMinBytes: Infinity })).toEqual({ [PES]: ['md5-worker'], [RAW]: ['this-thread'] });
      expect(await threadsUsed({ prehashMinBytes: Infinity, pipelined: true })).toEqual({ [PES]: ['md5-worker'], [RAW]: ['this-thread'] });
    });

    it('by default a file of at least 16 MiB starts the look-ahead worker, which hashes its first planned dataset', async () => {
      const seen = await threadsUsed({});
      expect(Object.keys(seen).sort()).toEqual([PES, RAW]);
      // each dataset once; the one the worker had not started may be taken back by this thread
      for (const threads of Object.values(seen)) expect(threads).toHaveLength(1);
      expect(Object.values(seen).flat()).toContain('prehash');
      // taken back, a dataset under 64 MiB is hashed here (the worker keeps the other core busy)
      for (const [p, [by]] of Object.entries(seen)) if (by !== 'prehash') expect([p, by]).toEqual([p, 'this-thread']);
    });

    it('the look-ahead worker plans only datasets of at least prehashMinBytes; legacy mode hashes no content', async () => {
      // only the 40 MiB PES data reaches 32 MiB: the worker plans it alone and starts on it at once
      expect(await threadsUsed({ prehashMinBytes: 2 * STREAM_MIN_BYTES })).toEqual({ [PES]: ['prehash'], [RAW]: ['this-thread'] });
      expect(await threadsUsed({}, true)).toEqual({});
    });
  });

  it('rounding changes the PES digest (the worker really rounds)', async () => {
    const a = await hashNwbFile(file, { precision: 0, objects: true });
    const b = await hashNwbFile(file, { precision: 2, objects: true });
    expect(a.objects?.['acquisition/ProcessedElectricalSeries/data']).not.toBe(b.objects?.['acquisition/ProcessedElectricalSeries/data']);
    expect(a.objects?.['raw/data']).toBe(b.objects?.['raw/data']);
  });
});
