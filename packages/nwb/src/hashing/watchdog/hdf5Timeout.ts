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
