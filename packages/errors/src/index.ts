export { ExitCode, allowsExitCode, errorCodes, isRecomputeErrorCode } from './errorCodes';
export type { ErrorCodeEntry, ExitCodeOf, RecomputeErrorCode } from './errorCodes';
export {
  InvariantError,
  RecomputeError,
  assertInvariant,
  isRecomputeError,
  reviveRecomputeError,
  storedErrorCode,
  storedErrorText,
} from './RecomputeError';
export type { RecomputeErrorOptions, SerializedRecomputeError } from './RecomputeError';
