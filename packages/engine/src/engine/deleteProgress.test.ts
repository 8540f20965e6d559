import { rm } from 'node:fs/promises';
import { createFakeWorld } from './test-support/createFakeWorld';

describe('RecomputeEngine.deleteFiles onProgress', () => {
  it('reports each deleted file against the planned total with the bytes freed so far, and stays silent on a dry run', async () => {
    const world = await createFakeWorld({ names: ['aa1', 'aa2', 'aa3'] });
    try {
      await world.engine.populateVersions();
      await world.engine.attempt();
      await world.engine.populate();
      const calls: Array<[number, number, number]> = [];
      const onProgress = (done: number, total: number, bytesFreed: number) => calls.push([done, total, bytesFreed]);
      const plan = await world.engine.deleteFiles({}, { olderThanDays: 0, onProgress });
      expect(plan.dryRun).toBe(true);
      expect(calls).toEqual([]);

      const result = await world.engine.deleteFiles({}, { dryRun: false, yes: true, olderThanDays: 0, onProgress });
      expect(result.entries).toHaveLength(3);
      const sizes = result.entries.map((entry) => entry.bytes);
      expect(sizes.every((size) => size > 0)).toBe(true);
      expect(calls).toEqual([
        [1, 3, sizes[0]],
        [2, 3, sizes[0]! + sizes[1]!],
        [3, 3, result.bytes],
      ]);
    } finally {
      await rm(world.base, { recursive: true, force: true });
    }
  });
});
