import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { numpyDtype, pythonShape } from '../../hashing/numpyDtype';
import { H5Reader } from '../H5Reader';
import { loadH5wasm, withH5File, type H5Wasm } from '../h5wasm';
import { FileByteSource, LayoutUnsupported, memorySource } from './byteSource';
import { locatePlainDatasets, type PlainDataset } from './locatePlainDatasets';
import { openPlainDataset } from './openPlainDataset';
import { PlainRowReader, planRowBlocks, readRowBlock, scatterChunk } from './rowBlocks';

const fixtures = path.resolve(__dirname, '../../../../../../shared/fixtures');

function hdf5FilesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .map((f) => path.join(dir, f))
    .filter((f) => /\.(nwb|h5)$/.test(f) && statSync(f).isFile())
    .sort();
}

/** Bytes of the whole dataset through the layout parser, assembled from small row blocks. */
function fastBytes(src: FileByteSource, ds: PlainDataset, maxBlockBytes: number): Buffer {
  return Buffer.concat(planRowBlocks(ds, maxBlockBytes).map((b) => readRowBlock(src, ds, b)));
}

/**
 * Checks every dataset the parser located against h5wasm: same object, shape, numpy dtype
 * and bytes. Returns how many datasets were compared.
 */
function compareWithH5wasm(h5: H5Wasm, file: string, maxBlockBytes = 1 << 20): number {
  const src = FileByteSource.open(file);
  const reader = H5Reader.open(h5, file);
  try {
    const located = locatePlainDatasets(src, { minBytes: 0 });
    for (const ds of located) {
      const where = `${path.basename(file)}:${ds.path}`;
      const meta = reader.datasetMeta(`/${ds.path}`);
      const dtype = numpyDtype(meta);
      expect(`${where} ${pythonShape(meta.shape as number[])}${dtype.name}`).toBe(`${where} ${pythonShape(ds.shape)}${ds.type.name}`);
      expect(Buffer.from(reader.objectToken(`/${ds.path}`), 'hex').readBigUInt64LE()).toBe(BigInt(ds.objectAddress));
      const rows = ds.shape[0];
      const expected =
        rows === 0 ? Buffer.alloc(0) : reader.readRows(`/${ds.path}`, meta, 0, rows, (raw) => Buffer.from(raw.bytes as Uint8Array));
      const actual = fastBytes(src, ds, maxBlockBytes);
      expect(actual.length).toBe(expected.length);
      expect(actual.equals(expected)).toBe(true);
      // Arbitrary row windows (not aligned to chunks) through PlainRowReader.
      const rowReader = new PlainRowReader(src, ds);
      const rowBytes = rows === 0 ? 0 : expected.length / rows;
      for (const [start, count] of [
        [0, rows],
        [Math.floor(rows / 3), Math.ceil(rows / 2) - Math.floor(rows / 3)],
        [rows - 1, 1],
        [Math.floor(rows / 2), 0],
      ]) {
        if (count < 0 || start < 0 || start + count > rows) continue;
        const window = rowReader.readRowsInto(start, count, new Uint8Array(count * rowBytes));
        expect(Buffer.from(window).equals(expected.subarray(start * rowBytes, (start + count) * rowBytes))).toBe(true);
      }
    }
    return located.length;
  } finally {
    reader.close();
    src.close();
  }
}

let h5: H5Wasm;
let tmp: string;
beforeAll(async () => {
  h5 = await loadH5wasm();
  tmp = mkdtempSync(path.join(os.tmpdir(), 'layout-'));
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('locatePlainDatasets on the fixture files (h5py-written, superblock 0)', () => {
  const files = [...hdf5FilesUnder(path.join(fixtures, 'hasher/files')), ...hdf5FilesUnder(path.join(fixtures, 'spikesorting'))];

  it('finds the fixture files', () => {
    expect(files.length).toBeGreaterThanOrEqual(20);
  });

  const compared = new Map<string, number | 'unsupported'>();
  it.each(files.map((f) => [path.relative(fixtures, f), f]))('%s: every located dataset matches h5wasm byte for byte', (name, file) => {
    try {
      compared.set(name, compareWithH5wasm(h5, file));
    } catch (error) {
      // Files the parser cannot start on are fine (the hasher falls back); wrong bytes are not.
      if (!(error instanceof LayoutUnsupported)) throw error;
      compared.set(name, 'unsupported');
    }
  });

  it('actually starts on every fixture file and locates datasets in the NWB ones (a locator that gave up everywhere would pass the test above)', () => {
    expect(compared.size).toBe(files.length);
    expect([...compared].filter(([, n]) => n === 'unsupported').map(([name]) => name)).toEqual([]);
    const nwbWithoutDatasets = [...compared]
      .filter(([name, n]) => name.endsWith('.nwb') && !(typeof n === 'number' && n > 0))
      .map(([name]) => name);
    expect(nwbWithoutDatasets).toEqual([]);
    expect([...compared.values()].filter((n) => typeof n === 'number' && n > 0).length).toBeGreaterThanOrEqual(
      Math.ceil(files.length * 0.7),
    );
  });

  it('locates the traces of the spike-sorting files (chunked, 2-D)', () => {
    const file = hdf5FilesUnder(path.join(fixtures, 'spikesorting')).find((f) => /group0/.test(f)) as string;
    const src = FileByteSource.open(file);
    try {
      const data = locatePlainDatasets(src, { minBytes: 0 }).find((d) => d.path.endsWith('ProcessedElectricalSeries/data'));
      expect(data?.storage.kind).toBe('chunked');
      expect(compareWithH5wasm(h5, file)).toBeGreaterThan(5);
    } finally {
      src.close();
    }
  });
});

describe('locatePlainDatasets on h5wasm-written files (superblock 2, object header 2)', () => {
  type NumericArray = Int16Array | Int32Array | Float32Array | Float64Array;
  /** A deterministic, non-repeating ramp (integers wrap, floats keep a fraction). */
  const ramp = <T extends NumericArray>(n: number, Type: { from(values: number[]): T }): T => {
    const fraction = Type === (Float32Array as unknown) || Type === (Float64Array as unknown) ? 0.123456789 : 0;
    return Type.from(Array.from({ length: n }, (_, i) => ((i * 7919) % 65521) - 30000 + fraction));
  };

  it('contiguous, chunked (full-width, partial-width, 3-D with ragged edges, unlimited), dense groups and exclusions', async () => {
    const file = path.join(tmp, 'layouts.h5');
    await withH5File(file, 'w', (f) => {
      // Root with many links: stored densely (fractal heap + v2 B-tree name index).
      for (let i = 0; i < 20; i += 1) f.create_group(`g${String(i).padStart(2, '0')}`);
      const g = f.create_group('nested').create_group('ProcessedElectricalSeries');
      g.create_dataset({ name: 'contiguous', data: ramp(1000 * 6, Float64Array), shape: [1000, 6], dtype: '<d' });
      g.create_dataset({ name: 'full_width', data: ramp(1003 * 8, Int16Array), shape: [1003, 8], dtype: '<h', chunks: [100, 8] });
      g.create_dataset({ name: 'partial_width', data: ramp(1001 * 10, Float32Array), shape: [1001, 10], dtype: '<f', chunks: [64, 3] });
      g.create_dataset({ name: 'cube', data: ramp(37 * 11 * 5, Int32Array), shape: [37, 11, 5], dtype: '<i', chunks: [8, 4, 2] });
      const grow = g.create_dataset({
        name: 'unlimited',
        data: new Int16Array(0),
        shape: [0, 4],
        maxshape: [null, 4],
        chunks: [128, 4],
        dtype: '<h',
      });
      grow.resize([1000, 4]);
      grow.write_slice(
        [
          [0, 1000],
          [0, 4],
        ],
        ramp(4000, Int16Array),
      );
      g.create_dataset({ name: 'vector', data: ramp(5000, Float64Array), shape: [5000], dtype: '<d', chunks: [512] });
      f.create_dataset({ name: 'gzip', data: ramp(1000, Int16Array), shape: [1000], dtype: '<h', chunks: [100], compression: 'gzip' });
      f.create_dataset({ name: 'text', data: ['a', 'bb'] });
    });
    // The root's 21 links are stored densely: the fractal heap path is exercised.
    expect(readFileSync(file).includes('FRHP')).toBe(true);
    expect(compareWithH5wasm(h5, file)).toBe(6);
    expect(compareWithH5wasm(h5, file, 4096)).toBe(6); // many small row blocks
    const src = FileByteSource.open(file);
    try {
      const byPath = new Map(locatePlainDatasets(src, { minBytes: 0 }).map((d) => [d.path, d]));
      expect(byPath.get('nested/ProcessedElectricalSeries/partial_width')?.storage.kind).toBe('chunked');
      expect(byPath.get('nested/ProcessedElectricalSeries/contiguous')?.storage.kind).toBe('contiguous');
      // Filtered and string datasets are left to h5wasm.
      expect([...byPath.keys()].some((p) => /gzip|text/.test(p))).toBe(false);
      // minBytes filters small datasets out.
      expect(locatePlainDatasets(src, { minBytes: 40_001 }).map((d) => d.path)).toEqual([
        'nested/ProcessedElectricalSeries/contiguous',
        'nested/ProcessedElectricalSeries/partial_width',
      ]);
    } finally {
      src.close();
    }
  });

  it('the first path in name order names a hard-linked dataset (as h5py visititems does)', async () => {
    const file = path.join(tmp, 'hardlink.h5');
    await withH5File(file, 'w', (f) => {
      f.create_group('b').create_dataset({ name: 'x', data: ramp(100, Float64Array), shape: [100], dtype: '<d' });
      f.create_hard_link('/b/x', 'a_link');
    });
    const src = FileByteSource.open(file);
    try {
      const located = locatePlainDatasets(src, { minBytes: 0 });
      expect(located.map((d) => d.path)).toEqual(['a_link']);
    } finally {
      src.close();
    }
  });
});

describe('layout parser robustness', () => {
  it('rejects non-HDF5 bytes with LayoutUnsupported', () => {
    expect(() => locatePlainDatasets(memorySource(new Uint8Array(4096)), { minBytes: 0 })).toThrow(LayoutUnsupported);
  });

  it('never throws anything but LayoutUnsupported on truncated or bit-flipped fixture files', () => {
    const file = path.join(fixtures, 'hasher/files/nwb_realistic.nwb');
    const src = FileByteSource.open(file);
    const original = Buffer.from(src.read(0, src.size));
    src.close();
    let seed = 7;
    const rand = (n: number) => (seed = (seed * 1103515245 + 12345) >>> 0) % n;
    for (let i = 0; i < 300; i += 1) {
      const bytes = Buffer.from(original);
      const cut = i % 3 === 0 ? rand(bytes.length) : bytes.length;
      for (let k = 0; k < 1 + rand(8); k += 1) bytes[rand(Math.min(cut, 64 * 1024))] ^= 1 << rand(8);
      try {
        locatePlainDatasets(memorySource(bytes.subarray(0, cut)), { minBytes: 0 });
      } catch (error) {
        expect(error).toBeInstanceOf(LayoutUnsupported);
      }
    }
  });

  it('scatterChunk places a ragged edge chunk of a 3-D dataset', () => {
    // shape 3×3×3, chunk 2×2×2 at (2, 2, 2): only element (2,2,2) is inside.
    const block = new Uint8Array(1 * 9);
    scatterChunk(Uint8Array.from([42, 1, 1, 1, 1, 1, 1, 1]), [2, 2, 2], [2, 2, 2], [3, 3, 3], 1, 2, 1, block);
    expect([...block]).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 42]);
  });
});

describe('openPlainDataset', () => {
  it('opens a located dataset by path (leading slash optional) and reads rows like h5wasm', async () => {
    const file = path.join(tmp, 'open.h5');
    const values = Int16Array.from({ length: 300 * 4 }, (_, i) => (i * 37) % 1000);
    await withH5File(file, 'w', (f) => {
      f.create_group('acquisition')
        .create_group('e-series')
        .create_dataset({ name: 'data', data: values, shape: [300, 4], dtype: '<h', chunks: [64, 4] });
    });
    const opened = openPlainDataset(file, '/acquisition/e-series/data');
    expect(opened).toBeDefined();
    try {
      const rows = opened?.reader.readRowsInto(10, 100, new Uint8Array(100 * 8)) as Uint8Array;
      expect([...new Int16Array(rows.buffer, rows.byteOffset, 400)]).toEqual([...values.subarray(40, 440)]);
    } finally {
      opened?.close();
    }
    expect(openPlainDataset(file, 'acquisition/missing')).toBeUndefined();
    expect(openPlainDataset(path.join(fixtures, 'hasher/files/h5_strings.h5'), 'anything')).toBeUndefined();
  });
});
