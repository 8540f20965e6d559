import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadH5wasm } from '../h5/h5wasm';
import { hashNwbFile } from './hashNwbFile';
import { compiledScript } from './Md5Offload';
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

  it.each([undefined, 0, 2])('gives the same digests as in-thread hashing (precision %s)', async (precision) => {
    const inThread = await hashNwbFile(file, { precision, objects: true }, { pipelined: false });
    const offloaded = await hashNwbFile(file, { precision, objects: true }, { pipelined: true });
    expect(offloaded.objects).toEqual(inThread.objects);
    expect(offloaded.hash).toBe(inThread.hash);
  });

  it('rounding changes the PES digest (the worker really rounds)', async () => {
    const a = await hashNwbFile(file, { precision: 0, objects: true });
    const b = await hashNwbFile(file, { precision: 2, objects: true });
    expect(a.objects?.['acquisition/ProcessedElectricalSeries/data']).not.toBe(b.objects?.['acquisition/ProcessedElectricalSeries/data']);
    expect(a.objects?.['raw/data']).toBe(b.objects?.['raw/data']);
  });
});
