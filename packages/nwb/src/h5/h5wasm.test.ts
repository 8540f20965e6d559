import path from 'node:path';
import { withH5File } from './h5wasm';

const fixtures = path.resolve(__dirname, '../../../../../shared/fixtures');

describe('withH5File', () => {
  it('opens a real NWB fixture through h5wasm and reads its root links', async () => {
    const keys = await withH5File(path.join(fixtures, 'hasher/files/nwb_realistic.nwb'), 'r', (f) => f.keys());
    expect(keys).toEqual(expect.arrayContaining(['acquisition', 'general', 'specifications']));
  });
});
