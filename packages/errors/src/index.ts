export { ExitCode, InvariantError, RecomputeError, isRecomputeError } from './RecomputeError';
export type { RecomputeErrorOptions } from './RecomputeError';
