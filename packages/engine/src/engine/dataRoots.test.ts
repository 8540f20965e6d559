import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { assertDataRootsWritable, assertInsideDataRoots } from './dataRoots';
import { removeAtomically } from './artefactFiles';

describe('data-root confinement', () => {
  let base: string;
  beforeEach(() => {
    base = mkdtempSync(path.join(tmpdir(), 'roots-'));
    mkdirSync(path.join(base, 'root', 'sub'), { recursive: true });
    mkdirSync(path.join(base, 'outside'));
  });
  afterEach(() => rmSync(base, { recursive: true, force: true }));

  it('accepts paths strictly inside a root and refuses the root itself, `..` escapes and symlinked escapes', () => {
    const root = path.join(base, 'root');
    expect(() => assertInsideDataRoots(path.join(root, 'sub', 'file.nwb'), [root])).not.toThrow();
    for (const bad of [root, path.join(root, '..', 'outside', 'x'), '/etc/passwd']) {
      expect(() => assertInsideDataRoots(bad, [root])).toThrow(expect.objectContaining({ code: 'PATH_OUTSIDE_DATA_ROOTS' }));
    }
    symlinkSync(path.join(base, 'outside'), path.join(root, 'link'));
    expect(() => assertInsideDataRoots(path.join(root, 'link', 'victim'), [root])).toThrow(
      expect.objectContaining({ code: 'PATH_OUTSIDE_DATA_ROOTS' }),
    );
  });

  it('reports a missing root or a root that is a file as DATA_ROOT_UNAVAILABLE', async () => {
    await expect(assertDataRootsWritable([path.join(base, 'root')])).resolves.toBeUndefined();
    await expect(assertDataRootsWritable([path.join(base, 'missing')])).rejects.toMatchObject({
      code: 'DATA_ROOT_UNAVAILABLE',
      details: { reason: 'missing' },
    });
    writeFileSync(path.join(base, 'file'), 'x');
    await expect(assertDataRootsWritable([path.join(base, 'file')])).rejects.toMatchObject({ details: { reason: 'not a directory' } });
  });

  it('removes a folder atomically and reports whether anything was there', async () => {
    const folder = path.join(base, 'root', 'sub');
    writeFileSync(path.join(folder, 'a'), 'a');
    expect(await removeAtomically(folder)).toBe(true);
    expect(await removeAtomically(folder)).toBe(false);
  });
});
