/**
 * Filter worker threads each of `workerProcesses` processes gets when they share `cores`:
 * an equal part, at least one (reading the raw file overlaps with filtering only when the
 * filter runs on a thread of its own). Without the split every process would start
 * min(4, cores) filter threads, so `run --workers 2` on 2 cores ran 4 filter threads
 * against each other.
 * @throws RangeError when `cores` or `workerProcesses` is not a positive integer (a caller bug)
 */
export function filterThreadsPerWorker(cores: number, workerProcesses: number): number {
  if (!Number.isInteger(cores) || cores < 1) throw new RangeError(`cores must be a positive integer, got ${cores}`);
  if (!Number.isInteger(workerProcesses) || workerProcesses < 1)
    throw new RangeError(`workerProcesses must be a positive integer, got ${workerProcesses}`);
  return Math.max(1, Math.floor(cores / workerProcesses));
}
