import { ExitCode, RecomputeError } from '@spyglass-recompute/errors';

/**
 * Named factories for the typed errors the CLI itself raises (command line, configuration,
 * database set-up, the demo); errors of the packages come from their own factories.
 */
export const cliErrors = {
  /** Whatever fails while oclif parses the command line is bad usage (exit 2), also a plain Error from an argument parser. */
  usage(cause: Error, bin: string, commandId: string | undefined): RecomputeError {
    return new RecomputeError({ code: 'USAGE', message: `${cause.message} (see \`${bin} ${commandId?.replaceAll(':', ' ') ?? ''} --help\`)`, cause });
  },
  /** A flag value that does not parse; `expected` completes "FLAG must be …". */
  flagInvalid(flag: string, value: string, expected: string): RecomputeError {
    return new RecomputeError({ code: 'FLAG_INVALID', message: `${flag} must be ${expected}, got ${JSON.stringify(value)}`, details: { flag, value } });
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
} as const;
