import path from 'node:path';
import { h5FilesForSuite } from '../test-support/h5FilesForSuite';
import { hashNwbFile } from './hashNwbFile';

// hashing.md, objects: every object reachable by hard links is visited once, depth-first with
// children in name order, under the first path met; the root itself is never visited. No
// golden fixture has a hard link back to the root or a second hard link in a creation-ordered
// group, so these files are built here and the visited paths checked against that rule.
describe('hashNwbFile object walk over hard links', () => {
  const file = h5FilesForSuite('hardlinks', (h5, dir) => {
    const loop = new h5.File(path.join(dir, 'rootLoop.h5'), 'w');
    const g = loop.create_group('g');
    g.create_dataset({ name: 'd', data: new BigInt64Array([0n, 1n, 2n]) });
    loop.create_hard_link('/', '/g/z');
    loop.close();
    const ordered = new h5.File(path.join(dir, 'creationOrder.h5'), 'w');
    const tracked = ordered.create_group('t', true);
    tracked.create_dataset({ name: 'b', data: new Float64Array([1, 2]) });
    ordered.create_hard_link('/t/b', '/t/a');
    ordered.close();
  });

  it('never visits the root, even through a hard link back to it', async () => {
    const result = await hashNwbFile(file('rootLoop.h5'), { objects: true });
    expect(Object.keys(result.objects ?? {})).toEqual(['g', 'g/d']);
  });

  it('names an object linked twice in a creation-ordered group by the first name in name order', async () => {
    const result = await hashNwbFile(file('creationOrder.h5'), { objects: true });
    expect(Object.keys(result.objects ?? {})).toEqual(['t', 't/a']);
  });
});
