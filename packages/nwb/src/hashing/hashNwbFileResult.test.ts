import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { hashNwbFile } from './hashNwbFile';

const hasher = path.resolve(__dirname, '../../../../../shared/fixtures/hasher');
const golden = (file: string): { hash: string; objs: Record<string, string | null> } =>
  (
    JSON.parse(readFileSync(path.join(hasher, 'golden', `${file}.json`), 'utf8')) as {
      modes: { default: { hash: string; objs: Record<string, string | null> } };
    }
  ).modes.default;

let tmp: string;
beforeAll(() => {
  tmp = mkdtempSync(path.join(os.tmpdir(), 'hash-result-'));
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('hashNwbFile result', () => {
  it('holds the per-object digests only when asked for them', async () => {
    const file = path.join(hasher, 'files', 'h5_attrs.h5');
    const plain = await hashNwbFile(file);
    expect(plain).toEqual({ algorithm: 'spyglass-nwb', hash: golden('h5_attrs.h5').hash, namespaces: {} });
    expect('objects' in plain).toBe(false);
    const withObjects = await hashNwbFile(file, { objects: true });
    expect(withObjects.hash).toBe(plain.hash);
    expect(Object.keys(withObjects.objects ?? {}).length).toBeGreaterThan(0);
    expect(await hashNwbFile(file, { objects: false })).toEqual(plain);
  });

  it('reports a file HDF5 cannot read through as HDF5_CORRUPT, whatever h5wasm threw', async () => {
    const bytes = readFileSync(path.join(hasher, 'files', 'nwb_realistic.nwb'));
    const truncated = path.join(tmp, 'truncated.nwb');
    writeFileSync(truncated, bytes.subarray(0, Math.floor(bytes.length / 2)));
    await expect(hashNwbFile(truncated)).rejects.toMatchObject({ code: 'HDF5_CORRUPT', message: expect.stringContaining('truncated.nwb') });
  });
});
