import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { npyDataDigest, readNpyHeader } from './npyDataDigest';

/** Builds a version-1 .npy file with the given header dict text and data. */
function npy(dict: string, data: Buffer): Buffer {
  let header = dict;
  const total = 10 + header.length + 1;
  header += ' '.repeat((64 - (total % 64)) % 64) + '\n';
  const len = Buffer.alloc(2);
  len.writeUInt16LE(header.length);
  return Buffer.concat([Buffer.from([0x93]), Buffer.from('NUMPY'), Buffer.from([1, 0]), len, Buffer.from(header, 'latin1'), data]);
}

describe('npyDataDigest', () => {
  let tmp: string;
  beforeAll(() => {
    tmp = mkdtempSync(path.join(os.tmpdir(), 'npy-'));
  });
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));

  it('reorders a 3-D Fortran array to C order', async () => {
    const shape = [2, 3, 4];
    // Element (i, j, k) holds 100i + 10j + k; Fortran order stores i fastest.
    const f = Buffer.alloc(2 * 24);
    const c = Buffer.alloc(2 * 24);
    for (let i = 0; i < 2; i += 1)
      for (let j = 0; j < 3; j += 1)
        for (let k = 0; k < 4; k += 1) {
          const v = 100 * i + 10 * j + k;
          f.writeInt16LE(v, 2 * (i + 2 * j + 6 * k));
          c.writeInt16LE(v, 2 * (12 * i + 4 * j + k));
        }
    const file = path.join(tmp, 'f.npy');
    writeFileSync(file, npy(`{'descr': '<i2', 'fortran_order': True, 'shape': (${shape.join(', ')}), }`, f));
    expect(await npyDataDigest(file)).toBe(createHash('md5').update(c).digest('hex'));
  });

  it('hashes structured arrays by their raw records and rejects object arrays', async () => {
    const data = Buffer.alloc(2 * 12, 7);
    const file = path.join(tmp, 's.npy');
    writeFileSync(file, npy(`{'descr': [('a', '<i4'), ('b', '<f8')], 'fortran_order': False, 'shape': (2,), }`, data));
    expect(
      readNpyHeader(file, npy(`{'descr': [('a', '<i4'), ('b', '<f8')], 'fortran_order': False, 'shape': (2,), }`, data)).shape,
    ).toEqual([2]);
    expect(await npyDataDigest(file)).toBe(createHash('md5').update(data).digest('hex'));
    const obj = path.join(tmp, 'o.npy');
    writeFileSync(obj, npy(`{'descr': '|O', 'fortran_order': False, 'shape': (1,), }`, Buffer.alloc(8)));
    await expect(npyDataDigest(obj)).rejects.toMatchObject({ code: 'HASH_UNSUPPORTED_FILE' });
  });

  it('rejects files that are not .npy or are cut short', async () => {
    const bad = path.join(tmp, 'bad.npy');
    writeFileSync(bad, 'not numpy');
    await expect(npyDataDigest(bad)).rejects.toMatchObject({ code: 'NPY_INVALID' });
    const short = path.join(tmp, 'short.npy');
    writeFileSync(short, npy(`{'descr': '<f8', 'fortran_order': False, 'shape': (10,), }`, Buffer.alloc(16)));
    await expect(npyDataDigest(short)).rejects.toMatchObject({ code: 'NPY_INVALID' });
  });
});
