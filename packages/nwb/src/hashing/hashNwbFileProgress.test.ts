import { readFileSync } from 'node:fs';
import path from 'node:path';
import { hashNwbFile } from './hashNwbFile';

const fixtures = path.resolve(__dirname, '../../../../../shared/fixtures/hasher');

describe('hashNwbFile progress', () => {
  it('reports every hashed object in order, with the total, without changing the digest', async () => {
    const file = path.join(fixtures, 'files/nwb_realistic.nwb');
    const golden = JSON.parse(readFileSync(path.join(fixtures, 'golden/nwb_realistic.nwb.json'), 'utf8')).modes.default;
    const seen: Array<[number, number, string]> = [];
    const result = await hashNwbFile(
      file,
      { objects: true },
      { onObject: (done, total, objectPath) => seen.push([done, total, objectPath]) },
    );
    expect(result.hash).toBe(golden.hash);
    const objectPaths = Object.keys(result.objects!);
    expect(seen.map(([, , p]) => p)).toEqual(objectPaths);
    expect(seen.map(([done]) => done)).toEqual(objectPaths.map((_, i) => i + 1));
    expect(new Set(seen.map(([, total]) => total))).toEqual(new Set([objectPaths.length]));
  });
});
