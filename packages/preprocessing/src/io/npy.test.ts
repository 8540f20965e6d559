import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { NpyWriter, readNpy } from './npy';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'npy-writer-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('NpyWriter', () => {
  it('writes to a hidden temporary file and renames it into place when complete', async () => {
    const file = path.join(dir, 'traces_seg0.npy');
    const w = await NpyWriter.create(file, '<i2', [2, 3]);
    await w.append(Int16Array.of(1, 2, 3));
    expect(readdirSync(dir)).toEqual([expect.stringMatching(/^\.traces_seg0\.npy\.\d+\.tmp$/)]);
    await w.append(Int16Array.of(4, 5, 6));
    await w.close();
    expect(readdirSync(dir)).toEqual(['traces_seg0.npy']);
    const back = await readNpy(file);
    expect({ shape: back.shape, data: [...back.data] }).toEqual({ shape: [2, 3], data: [1, 2, 3, 4, 5, 6] });
  });

  it('an incomplete array is removed, never left under the final name', async () => {
    const file = path.join(dir, 'short.npy');
    const w = await NpyWriter.create(file, '<f8', [4]);
    await w.append(Float64Array.of(1));
    await expect(w.close()).rejects.toThrow(/header promised/);
    expect(readdirSync(dir)).toEqual([]);

    const aborted = await NpyWriter.create(file, '<f8', [4]);
    await aborted.append(Float64Array.of(1, 2));
    await aborted.abort();
    expect(readdirSync(dir)).toEqual([]);
  });
});
