import { ExitCode, RecomputeError, type RecomputeErrorCode } from '@spyglass-recompute/errors';

/**
 * Named factories for the typed errors the CLI itself raises (command line, configuration,
 * database set-up, the demo); errors of the packages come from their own factories.
 */
export const cliErrors = {
  /** Whatever fails while oclif parses the command line is bad usage (exit 2), also a plain Error from an argument parser. */
  usage(cause: Error, bin: string, commandId: string | undefined): RecomputeError {
    return new RecomputeError({
      code: 'USAGE',
      message: `${cause.message} (see \`${bin} ${commandId?.replaceAll(':', ' ') ?? ''} --help\`)`,
      cause,
    });
  },
  /** A flag value that does not parse; `expected` completes "FLAG must be …". */
  flagInvalid(flag: string, value: string, expected: string): RecomputeError {
    return new RecomputeError({
      code: 'FLAG_INVALID',
      message: `${flag} must be ${expected}, got ${JSON.stringify(value)}`,
      details: { flag, value },
    });
  },
  /** A command that writes rows Spyglass makes itself (its Python API), refused under `--layout spyglass`. */
  commandNeedsOwnLayout(command: string): RecomputeError {
    return new RecomputeError({
      code: 'DB_LAYOUT_UNSUPPORTED',
      message: `\`${command}\` does not work with --layout spyglass: create these rows with Spyglass itself (its Python API), then recompute them here.`,
      details: { command, layout: 'spyglass' },
    });
  },
  storeLocationInvalid(variable: string, value: string): RecomputeError {
    return new RecomputeError({
      code: 'STORE_LOCATION_INVALID',
      message: `${variable} must be an absolute path (the store location DataJoint recorded), got ${JSON.stringify(value)}.`,
      details: { variable, value },
    });
  },
  /** A pipeline's recompute entity has no mapped table in the Spyglass layout: our bug (exit 1). */
  jobsTableUnmapped(entity: string): RecomputeError {
    return new RecomputeError({
      code: 'SPYGLASS_MAPPING_MISSING',
      message: `The Spyglass layout has no mapped table for ${entity}, so its ~jobs table is unknown.`,
      details: { entity },
    });
  },
  spyglassNotMigrated(missing: readonly string[], schemaPrefix: string): RecomputeError {
    return new RecomputeError({
      code: 'DB_NOT_MIGRATED',
      message: `The Spyglass schemas lack ${missing.length} recompute table(s)/column(s) (${missing.join(', ')}); run \`recompute db migrate --layout spyglass\` first.`,
      details: { missing: [...missing], schemaPrefix },
    });
  },
  pendingMigrations(pending: readonly string[]): RecomputeError {
    return new RecomputeError({
      code: 'DB_NOT_MIGRATED',
      message: `The database has ${pending.length} pending migration(s) (${pending.join(', ')}); run \`recompute db migrate\` first.`,
      details: { pending: [...pending] },
    });
  },
  /** `failures` describes each recording that did not match (`outcome: errMsg`). */
  demoNotReproducible(pipeline: string, failures: readonly string[]): RecomputeError {
    return new RecomputeError({
      code: 'DEMO_NOT_REPRODUCIBLE',
      message: `${pipeline}: ${failures.length} recording(s) did not regenerate identically (${failures.join('; ')})`,
      exitCode: ExitCode.verificationFailed,
    });
  },
  demoDirNotEmpty(dir: string): RecomputeError {
    return new RecomputeError({
      code: 'DEMO_DIR_NOT_EMPTY',
      message: `--dir ${dir} is not empty; the demo needs a fresh data dir (give a new path or omit --dir).`,
      details: { flag: '--dir', dir },
    });
  },
  /** `run --regenerate` without `--recheck` (oclif's dependsOn counts a defaulted boolean as given). */
  regenerateNeedsRecheck(): RecomputeError {
    return new RecomputeError({
      code: 'FLAG_INVALID',
      message: '--regenerate only applies with --recheck (it regenerates instead of re-hashing kept copies).',
      details: { flag: '--regenerate' },
    });
  },
  /** `run --workers N>1` on SQLite, which allows one writer. */
  workersNeedServer(): RecomputeError {
    return new RecomputeError({
      code: 'WORKERS_NEED_SERVER',
      message:
        '--workers above 1 needs a MySQL/MariaDB database (SQLite allows a single writer); use --db mysql://… or run with --workers 1.',
      details: { flag: '--workers' },
    });
  },
  /** A `run --workers` child process that ended without sending its result. */
  workerExitedWithoutResult(exit: number | null, cause: unknown): RecomputeError {
    return new RecomputeError({
      code: 'WORKER_FAILED',
      message: `worker process exited ${exit} without a result`,
      exitCode: ExitCode.runtime,
      cause,
    });
  },
  /** Several `run --workers` children failed: their shared code (or WORKERS_FAILED), each one's first line in details. */
  workersFailed(
    described: ReadonlyArray<{ worker: number; code: RecomputeErrorCode; message: string; exitCode: ExitCode }>,
    workers: number,
  ): RecomputeError {
    const codes = [...new Set(described.map((d) => d.code))];
    const byCode = codes.map((code) => `${code} ×${described.filter((d) => d.code === code).length}`).join(', ');
    const exitCodes = [...new Set(described.map((d) => d.exitCode))];
    return new RecomputeError({
      code: codes.length === 1 ? codes[0]! : 'WORKERS_FAILED',
      message: `${described.length} of ${workers} workers failed (${byCode}): ${described[0]!.message}`,
      exitCode: exitCodes.length === 1 ? exitCodes[0]! : ExitCode.runtime,
      details: { workers: described.map(({ worker, code, message }) => ({ worker, code, message })) },
    });
  },
  /** The engine's RESTRICTION_MATCHES_NOTHING retold in the flags the user typed (`given`: `--nwb-file x` …). */
  noRecordingMatchesFlags(pipeline: string, given: readonly string[], cause: RecomputeError): RecomputeError {
    return new RecomputeError({
      code: cause.code,
      message: `No ${pipeline} recording matches ${given.join(' ')}. Check the filter flags (\`recompute ${pipeline} list\` lists what is stored).`,
      exitCode: cause.exitCode,
      details: cause.details,
      cause,
    });
  },
} as const;
