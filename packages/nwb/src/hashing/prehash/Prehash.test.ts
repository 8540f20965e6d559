import { readdirSync } from 'node:fs';
import path from 'node:path';
import { H5Reader } from '../../h5/H5Reader';
import { loadH5wasm, type H5Wasm } from '../../h5/h5wasm';
import { datasetDigest } from '../datasetDigest';
import { hashNwbFile } from '../hashNwbFile';
import { numpyDtype, pythonShape } from '../numpyDtype';
import { h5FilesForSuite } from '../../test-support/h5FilesForSuite';
import { Prehash } from './Prehash';

const fixtures = path.resolve(__dirname, '../../../../../../shared/fixtures');
const spikesorting = path.join(fixtures, 'spikesorting/short/v1');
const v1Files = readdirSync(spikesorting)
  .filter((f) => f.endsWith('.nwb'))
  .map((f) => path.join(spikesorting, f));

let h5: H5Wasm;
// A dataset chunked over two axes (whole rows, as the worker plans them).
const suiteFile = h5FilesForSuite('prehash-chunks', (h5wasm, dir) => {
  const out = new h5wasm.File(path.join(dir, 'chunked.h5'), 'w');
  try {
    out.create_dataset({ name: 'data', data: Float64Array.from({ length: 1024 }, (_, i) => i / 7), shape: [256, 4], chunks: [64, 4] });
  } finally {
    out.close();
  }
});
beforeAll(async () => {
  h5 = await loadH5wasm();
});

describe('Prehash', () => {
  it('computes the same dataset digests as the h5wasm path, rounding ProcessedElectricalSeries floats', () => {
    expect(v1Files.length).toBeGreaterThan(0);
    const precision = { ProcessedElectricalSeries: 4 };
    for (const file of v1Files) {
      const prehash = Prehash.spawn(file, { minBytes: 0, precision }) as Prehash;
      expect(prehash).toBeDefined();
      const reader = H5Reader.open(h5, file);
      try {
        const plan = prehash.planned();
        expect(plan.length).toBeGreaterThan(5);
        let rounded = 0;
        for (const entry of plan) {
          const address = entry.objectAddress;
          const p = `/${entry.path}`;
          const meta = reader.datasetMeta(p);
          const dtype = numpyDtype(meta);
          const parent = entry.path.split('/').slice(-2, -1)[0] ?? '';
          const decimals = dtype.kind === 'float' ? ((precision as Record<string, number>)[parent] ?? 0) : 0;
          if (decimals) rounded += 1;
          const viaWorker = prehash.take(address, {
            prefix: pythonShape(meta.shape as number[]) + dtype.name,
            precision: decimals,
            chunks: meta.chunks ?? null,
          });
          const viaH5wasm = datasetDigest(reader, p, meta, {
            batchSize: 32768,
            precision: decimals || undefined,
            numericReadBytes: 1 << 20,
            relPath: entry.path,
          });
          expect(`${entry.path} ${viaWorker}`).toBe(`${entry.path} ${viaH5wasm}`);
        }
        expect(rounded).toBeGreaterThan(0);
      } finally {
        reader.close();
        prehash.close();
      }
    }
  });

  it('refuses a digest computed from other inputs (dtype text, rounding or chunking differ)', () => {
    // chunked over two axes, so that chunk shapes are compared axis by axis
    const file = suiteFile('chunked.h5');
    const prehash = Prehash.spawn(file, { minBytes: 0, precision: {} }) as Prehash;
    const reader = H5Reader.open(h5, file);
    try {
      const entry = prehash.planned()[0];
      expect(entry.path).toBe('data');
      const address = entry.objectAddress;
      const meta = reader.datasetMeta(`/${entry.path}`);
      const good = { prefix: pythonShape(meta.shape as number[]) + numpyDtype(meta).name, precision: 0, chunks: meta.chunks ?? null };
      expect(prehash.take(address, { ...good, prefix: `${good.prefix}x` })).toBeUndefined();
      expect(prehash.take(address, { ...good, precision: 3 })).toBeUndefined();
      expect(prehash.take(address, { ...good, chunks: [1, 2, 3] })).toBeUndefined();
      // a chunk shape that only starts like the real one, or differs in its last axis only
      const chunks = good.chunks as number[];
      expect(chunks).toEqual([64, 4]);
      expect(prehash.take(address, { ...good, chunks: [...chunks, 1] })).toBeUndefined();
      expect(prehash.take(address, { ...good, chunks: chunks.slice(0, -1) })).toBeUndefined();
      expect(prehash.take(address, { ...good, chunks: [...chunks.slice(0, -1), chunks[chunks.length - 1] + 1] })).toBeUndefined();
      expect(prehash.take(address, { ...good, chunks: null })).toBeUndefined();
      expect(prehash.take(address, good)).toMatch(/^[0-9a-f]{32}$/);
      expect(prehash.take(address + 1, good)).toBeUndefined(); // not planned
      // a dataset the worker never planned is the caller's to hash
      expect(prehash.covers(address + 1)).toBe(false);
      expect(prehash.claim(address + 1)).toBe(true);
    } finally {
      reader.close();
      prehash.close();
    }
  });

  it('is used by hashNwbFile, which gives the same file digest as without it', async () => {
    const file = v1Files[0];
    const prehash = Prehash.spawn(file, { minBytes: 0, precision: { ProcessedElectricalSeries: 4 } }) as Prehash;
    const taken = jest.spyOn(prehash, 'take');
    const computedBy: string[] = [];
    const withPrehash = await hashNwbFile(file, {}, { prehash, onDatasetDigest: (_, by) => computedBy.push(by) });
    const without = await hashNwbFile(file, {}, { prehashMinBytes: Infinity });
    expect(withPrehash.hash).toBe(without.hash);
    const digests = taken.mock.results.filter((r) => typeof r.value === 'string');
    expect(digests.length).toBeGreaterThan(0);
    // every digest the worker gave was reported as the worker's; the rest were hashed here (small file: no md5 thread)
    expect(computedBy.filter((by) => by === 'prehash')).toHaveLength(digests.length);
    expect(new Set(computedBy.filter((by) => by !== 'prehash'))).toEqual(new Set(['this-thread']));
  });
});
