import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { hashDirectory, comparePathComponents } from './hashDirectory';

const fixtures = path.resolve(__dirname, '../../../../../shared/fixtures');
const dirhash = path.join(fixtures, 'dirhash');
const golden = JSON.parse(readFileSync(path.join(dirhash, 'golden.json'), 'utf8')) as Record<
  string,
  { hash?: string; cache?: Record<string, string>; file_order?: string[]; error?: { type: string } }
>;

describe('hashDirectory conformance (dirhash/)', () => {
  const shipped = readdirSync(path.join(dirhash, 'dirs')).sort();
  const cases = shipped.filter((c) => golden[c] && !golden[c].error);

  it('has golden entries for every shipped case', () => {
    expect(shipped.length).toBeGreaterThanOrEqual(6);
    for (const c of shipped) expect(golden[c]).toBeDefined();
  });

  it.each(cases)('%s', async (name) => {
    const result = await hashDirectory(path.join(dirhash, 'dirs', name));
    expect(Object.keys(result.files)).toEqual(golden[name].file_order);
    expect(result.files).toEqual(golden[name].cache);
    expect(result.hash).toBe(golden[name].hash);
    expect(result.algorithm).toBe('spyglass-dir');
  });

  it('hashes an empty folder like the reference empty_dir case', async () => {
    const tmp = mkdtempSync(path.join(os.tmpdir(), 'dirhash-empty-'));
    try {
      mkdirSync(path.join(tmp, 'only_empty_subdir'));
      const result = await hashDirectory(tmp);
      expect(result.hash).toBe(golden.empty_dir.hash);
      expect(result.files).toEqual({});
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
  });

  it('raises JSON_INVALID for a multi-value .jsonl (reference: JSONDecodeError)', async () => {
    expect(golden.err_jsonl_multiline.error?.type).toBe('JSONDecodeError');
    await expect(hashDirectory(path.join(dirhash, 'dirs', 'err_jsonl_multiline'))).rejects.toMatchObject({
      code: 'JSON_INVALID',
      message: expect.stringContaining('log.jsonl'),
    });
  });

  it('raises HASH_UNSUPPORTED_FILE for .npz (reference: AttributeError)', async () => {
    expect(golden.err_npz.error?.type).toBe('AttributeError');
    await expect(hashDirectory(path.join(dirhash, 'dirs', 'err_npz'))).rejects.toMatchObject({
      code: 'HASH_UNSUPPORTED_FILE',
      message: expect.stringContaining('x.npz'),
    });
  });

  it('rejects a missing path and a file with typed errors', async () => {
    await expect(hashDirectory(path.join(dirhash, 'no-such-dir'))).rejects.toMatchObject({ code: 'FILE_NOT_FOUND' });
    await expect(hashDirectory(path.join(dirhash, 'golden.json'))).rejects.toMatchObject({ code: 'NOT_A_DIRECTORY' });
  });

  it('orders paths by components like pathlib', () => {
    expect(['a.json', 'a-b/x.txt', 'a/b.txt'].sort(comparePathComponents)).toEqual(['a/b.txt', 'a-b/x.txt', 'a.json']);
  });

  it('writes the .nwb token as the NWB digest', async () => {
    const tmp = mkdtempSync(path.join(os.tmpdir(), 'dirhash-nwb-'));
    try {
      writeFileSync(path.join(tmp, 'f.nwb'), readFileSync(path.join(fixtures, 'hasher/files/h5_empty_file.h5')));
      const result = await hashDirectory(tmp);
      expect(result.files['f.nwb']).toBe('99914b932bd37a50b983c5e7c90ae93b');
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
  });
});
