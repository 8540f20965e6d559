import { rm } from 'node:fs/promises';
import { createFakeWorld } from './test-support/createFakeWorld';

describe('RecomputeEngine.populate onProgress', () => {
  it('reports each finished attempt against the pending total (honouring limit)', async () => {
    const world = await createFakeWorld({ names: ['aa1', 'aa2', 'aa3'] });
    try {
      await world.engine.populateVersions();
      await world.engine.attempt();
      const calls: Array<[number, number]> = [];
      await world.engine.populate({}, { limit: 2, onProgress: (done, total) => calls.push([done, total]) });
      expect(calls).toEqual([
        [1, 2],
        [2, 2],
      ]);
      calls.length = 0;
      await world.engine.populate({}, { onProgress: (done, total) => calls.push([done, total]) });
      expect(calls).toEqual([[1, 1]]);
    } finally {
      await rm(world.base, { recursive: true, force: true });
    }
  });
});
