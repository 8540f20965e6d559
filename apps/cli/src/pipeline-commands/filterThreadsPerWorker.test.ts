import { filterThreadsPerWorker } from './filterThreadsPerWorker';

describe('filterThreadsPerWorker', () => {
  it('gives each worker process an equal part of the cores', () => {
    expect(filterThreadsPerWorker(8, 2)).toBe(4);
    expect(filterThreadsPerWorker(8, 4)).toBe(2);
    expect(filterThreadsPerWorker(2, 1)).toBe(2);
  });

  it('rounds down, so the processes together never start more threads than there are cores', () => {
    expect(filterThreadsPerWorker(8, 3)).toBe(2);
    expect(filterThreadsPerWorker(3, 2)).toBe(1);
  });

  it('gives at least one thread when there are more processes than cores', () => {
    expect(filterThreadsPerWorker(2, 2)).toBe(1);
    expect(filterThreadsPerWorker(2, 4)).toBe(1);
    expect(filterThreadsPerWorker(1, 16)).toBe(1);
  });

  it.each([
    [0, 2],
    [2, 0],
    [2.5, 2],
    [4, -1],
    [Number.NaN, 2],
  ])('refuses cores=%p, workerProcesses=%p', (cores, workerProcesses) => {
    expect(() => filterThreadsPerWorker(cores, workerProcesses)).toThrow(RangeError);
  });
});
