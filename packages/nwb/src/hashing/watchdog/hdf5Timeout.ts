import { ExitCode, RecomputeError } from '@spyglass-recompute/errors';
import { HashErrorCode } from '../hashErrors';

/** Time every file gets before size counts, for worker start-up and h5wasm's load. */
const BASE_TIMEOUT_MS = 120_000;
/**
 * The slowest read rate the default allows for: gzip-compressed data decodes at ~120 MB/s on
 * one core (shared/notes/toolchain.md), so 8 MiB/s leaves a 15x margin for a busy machine or a
 * network disk. A 10 GiB file gets 120 s + 1280 s, about 23 minutes.
 */
const SLOWEST_BYTES_PER_SECOND = 8 * 1024 * 1024;

/**
 * Default watchdog budget for hashing a file of `fileBytes` bytes: generous for any healthy
 * file (a damaged one that makes h5wasm loop is the only thing expected to reach it).
 */
export function defaultHdf5TimeoutMs(fileBytes: number): number {
  return BASE_TIMEOUT_MS + Math.ceil((Math.max(0, fileBytes) / SLOWEST_BYTES_PER_SECOND) * 1000);
}

/** The HDF5 reader did not finish within the watchdog budget (h5wasm loops on some damaged files). */
export function hdf5TimeoutError(filePath: string, timeoutMs: number, lastObject: string | undefined): RecomputeError {
  const seconds = Math.round(timeoutMs / 100) / 10;
  return new RecomputeError({
    code: HashErrorCode.hdf5Timeout,
    message:
      `${filePath}: HDF5 read did not finish within ${seconds} s${lastObject === undefined ? '' : ` (last object hashed: '${lastObject}')`} — ` +
      'the file is most likely damaged (the HDF5 library loops on some corrupt structures); ' +
      'if it is only very large or on slow storage, raise the limit with --timeout or RECOMPUTE_HDF5_TIMEOUT (seconds).',
    exitCode: ExitCode.badInput,
    details: { file: filePath, timeoutMs, ...(lastObject === undefined ? {} : { object: lastObject }) },
  });
}

/** The worker hashing a file died (wasm abort, out of memory) instead of answering. */
export function hashWorkerCrashedError(filePath: string, cause: unknown): RecomputeError {
  const why = cause instanceof Error ? cause.message : String(cause);
  return new RecomputeError({
    code: HashErrorCode.hdf5Corrupt,
    message: `${filePath}: the HDF5 reader crashed on this file (${why.split('\n')[0]}) — the file looks damaged`,
    exitCode: ExitCode.badInput,
    details: { file: filePath },
    cause,
  });
}
