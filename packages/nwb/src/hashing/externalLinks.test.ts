import { createHash } from 'node:crypto';
import path from 'node:path';
import { h5FilesForSuite } from '../test-support/h5FilesForSuite';
import { hashNwbFile } from './hashNwbFile';

// h5py 3.7 prints objects reached through a resolvable external link by their path in the
// other file: `<HDF5 dataset "x": …>` and `<HDF5 group "/grp" (1 members)>` (checked with
// h5py while writing this test); an unresolvable one is `None`.
describe('external links in group reprs', () => {
  const file = h5FilesForSuite('extlinks', (h5, dir) => {
    const b = new h5.File(path.join(dir, 'extB.h5'), 'w');
    b.create_group('grp').create_dataset({ name: 'x', data: new BigInt64Array([0n, 1n, 2n]) });
    b.close();
    const a = new h5.File(path.join(dir, 'extA.h5'), 'w');
    const g = a.create_group('g');
    g.create_external_link('extB.h5', '/grp/x', 'ext_ds');
    g.create_external_link('extB.h5', '/grp', 'ext_grp');
    g.create_external_link('nofile.h5', '/grp', 'ext_missing');
    a.close();
  });

  it('hashes the group like h5py reprs its external children', async () => {
    {
      // HDF5 resolves the relative link against the parent file's directory.
      const result = await hashNwbFile(file('extA.h5'), { objects: true });
      const expected = createHash('md5');
      expected.update('g');
      for (const [name, repr] of [
        ['ext_ds', '<HDF5 dataset "x": shape (3,), type "<i8">'],
        ['ext_grp', '<HDF5 group "/grp" (1 members)>'],
        ['ext_missing', 'None'],
      ]) {
        expected.update(name);
        expected.update(repr);
      }
      expect(result.objects).toEqual({ g: expected.digest('hex') });
    }
  });
});
