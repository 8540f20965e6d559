import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { isRecomputeError } from '@spyglass-recompute/errors';
import { hashNwbFile } from './hashNwbFile';

const fixtures = path.resolve(__dirname, '../../../../../shared/fixtures');
const files = path.join(fixtures, 'hasher/files');

let tmp: string;
beforeAll(() => {
  tmp = mkdtempSync(path.join(os.tmpdir(), 'hash-bad-input-'));
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('hashNwbFile bad input', () => {
  it('FILE_NOT_FOUND for a missing path', async () => {
    await expect(hashNwbFile(path.join(tmp, 'missing.nwb'))).rejects.toMatchObject({
      code: 'FILE_NOT_FOUND',
      message: expect.stringContaining('missing.nwb'),
    });
  });
  it('NOT_A_FILE for a directory', async () => {
    mkdirSync(path.join(tmp, 'dir.nwb'));
    await expect(hashNwbFile(path.join(tmp, 'dir.nwb'))).rejects.toMatchObject({ code: 'NOT_A_FILE' });
  });
  it('NOT_HDF5 for text and empty files', async () => {
    writeFileSync(path.join(tmp, 'text.nwb'), 'hello, not hdf5\n'.repeat(100));
    writeFileSync(path.join(tmp, 'empty.nwb'), '');
    await expect(hashNwbFile(path.join(tmp, 'text.nwb'))).rejects.toMatchObject({ code: 'NOT_HDF5' });
    await expect(hashNwbFile(path.join(tmp, 'empty.nwb'))).rejects.toMatchObject({ code: 'NOT_HDF5' });
  });
  it('HDF5_CORRUPT for a truncated NWB file', async () => {
    const bytes = readFileSync(path.join(files, 'nwb_realistic.nwb'));
    writeFileSync(path.join(tmp, 'truncated.nwb'), bytes.subarray(0, Math.floor(bytes.length / 2)));
    await expect(hashNwbFile(path.join(tmp, 'truncated.nwb'))).rejects.toMatchObject({
      code: 'HDF5_CORRUPT',
      message: expect.stringContaining('truncated.nwb'),
    });
  });
  it('HASH_INVALID_OPTION for a bad batch size or precision', async () => {
    await expect(hashNwbFile(path.join(files, 'h5_empty_file.h5'), { batchSize: 0 })).rejects.toMatchObject({
      code: 'HASH_INVALID_OPTION',
    });
    await expect(hashNwbFile(path.join(files, 'h5_empty_file.h5'), { precision: -1 })).rejects.toMatchObject({
      code: 'HASH_INVALID_OPTION',
    });
  });
  it('still hashes good files after failures (the wasm instance is not poisoned)', async () => {
    copyFileSync(path.join(files, 'h5_empty_file.h5'), path.join(tmp, 'ok.h5'));
    const golden = JSON.parse(readFileSync(path.join(fixtures, 'hasher/golden/h5_empty_file.h5.json'), 'utf8')) as {
      modes: { default: { hash: string } };
    };
    expect((await hashNwbFile(path.join(tmp, 'ok.h5'))).hash).toBe(golden.modes.default.hash);
  });
});

/** Small deterministic PRNG (mulberry32) so failures reproduce. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('hashNwbFile fuzz: truncated and bit-flipped fixtures', () => {
  const sources = [
    'h5_attrs.h5',
    'h5_numeric.h5',
    'h5_strings.h5',
    'h5_links.h5',
    'h5_scalars.h5',
    'nwb_realistic.nwb',
    'h5_track_order.h5',
    'h5_pes_rounding.h5',
  ];
  const CASES = 240;
  const PER_CASE_MS = 5000;

  it(`${CASES} damaged copies each end in a digest or a typed error within ${PER_CASE_MS} ms`, async () => {
    const rand = prng(20261126);
    const outcomes = { digest: 0, typed: 0 };
    const codes = new Set<string>();
    for (let i = 0; i < CASES; i += 1) {
      const source = sources[i % sources.length];
      const original = readFileSync(path.join(files, source));
      let damaged: Buffer;
      if (i % 2 === 0) {
        damaged = original.subarray(0, Math.floor(rand() * original.length));
      } else {
        damaged = Buffer.from(original);
        const flips = 1 + Math.floor(rand() * 8);
        for (let f = 0; f < flips; f += 1) {
          const pos = Math.floor(rand() * damaged.length);
          damaged[pos] ^= 1 << Math.floor(rand() * 8);
        }
      }
      const target = path.join(tmp, `fuzz-${i}-${source}`);
      writeFileSync(target, damaged);
      const started = Date.now();
      let outcome: string;
      try {
        const result = await hashNwbFile(target);
        expect(result.hash).toMatch(/^[0-9a-f]{32}$/);
        outcomes.digest += 1;
        outcome = result.hash;
      } catch (error) {
        if (!isRecomputeError(error)) throw new Error(`case ${i} (${source}) threw a foreign error: ${String(error)}`);
        codes.add(error.code);
        outcomes.typed += 1;
        outcome = error.code;
      }
      expect(Date.now() - started).toBeLessThan(PER_CASE_MS);
      if (i % 2 === 1) {
        // Bit flips with every dataset offered to the prehash worker (own layout parser):
        // the outcome must not change.
        const prehashed = await hashNwbFile(target, {}, { prehashMinBytes: 0 }).then(
          (r) => r.hash,
          (e: unknown) => (isRecomputeError(e) ? e.code : `foreign: ${String(e)}`),
        );
        expect(`case ${i} (${source}): ${prehashed}`).toBe(`case ${i} (${source}): ${outcome}`);
      }
      rmSync(target);
    }
    expect(outcomes.digest + outcomes.typed).toBe(CASES);
    expect(outcomes.typed).toBeGreaterThan(0);
    expect(outcomes.digest).toBeGreaterThan(0);
    expect(codes.has('HDF5_CORRUPT')).toBe(true);
    for (const code of codes) expect(['NOT_HDF5', 'HDF5_CORRUPT', 'HASH_UNSUPPORTED_OBJECT', 'JSON_INVALID']).toContain(code);
  }, 600_000);
});
