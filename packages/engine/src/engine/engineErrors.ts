import { ExitCode, RecomputeError } from '@spyglass-recompute/errors';

/** Named factories for the engine's typed errors; messages name the object and the fix. */
export const engineErrors = {
  restrictionMatchesNothing(restriction: Record<string, unknown>): RecomputeError {
    return new RecomputeError({
      code: 'RESTRICTION_MATCHES_NOTHING',
      message: `No recording matches ${Object.entries(restriction)
        .map(([column, value]) => `${column} = ${JSON.stringify(value)}`)
        .join(' and ')}. Check the filter values.`,
      details: { restriction },
    });
  },
  artefactNotFound(key: Record<string, unknown>): RecomputeError {
    return new RecomputeError({
      code: 'RECORDING_NOT_FOUND',
      message: `No recording with key ${JSON.stringify(key)} is stored.`,
      details: { key },
    });
  },
  hashNotStored(key: Record<string, unknown>, path: string): RecomputeError {
    return new RecomputeError({
      code: 'HASH_NOT_STORED',
      message: `Recording ${JSON.stringify(key)} has no stored hash, so a regenerated ${path} cannot be verified. Run \`update-ids\` while the original exists.`,
      exitCode: ExitCode.verificationFailed,
      details: { key, path },
    });
  },
  regeneratedHashMismatch(args: {
    key: Record<string, unknown>;
    path: string;
    expected: string;
    actual: string;
    envId: string;
  }): RecomputeError {
    return new RecomputeError({
      code: 'REGENERATED_HASH_MISMATCH',
      message:
        `Regenerated recording ${JSON.stringify(args.key)} does not match its stored hash ` +
        `(expected ${args.expected}, got ${args.actual}, environment ${args.envId}); the regenerated copy was deleted and ${args.path} stays absent.`,
      exitCode: ExitCode.verificationFailed,
      details: { ...args },
    });
  },
  regenerationFailed(key: Record<string, unknown>, path: string, cause: unknown): RecomputeError {
    const reason = cause instanceof Error ? cause.message : String(cause);
    return new RecomputeError({
      code: 'REGENERATION_FAILED',
      message: `Regenerating recording ${JSON.stringify(key)} at ${path} failed: ${reason}`,
      exitCode: ExitCode.runtime,
      details: { key, path },
      cause,
    });
  },
  regenerationTimedOut(timeoutMs: number): RecomputeError {
    return new RecomputeError({
      code: 'REGENERATION_TIMEOUT',
      message: `Regeneration did not finish within ${timeoutMs} ms (raise the timeout if the recording is large).`,
      exitCode: ExitCode.runtime,
      details: { timeoutMs },
    });
  },
  /** An attempt found no original to compare its regenerated copy with (recorded as the attempt's error). */
  originalMissing(path: string): RecomputeError {
    return new RecomputeError({
      code: 'ORIGINAL_MISSING',
      message: `original ${path} is missing; nothing to compare with`,
      details: { path },
    });
  },
  alreadyDeleted(count: number): RecomputeError {
    return new RecomputeError({
      code: 'ALREADY_DELETED',
      message: `The ${count} matched file(s) selected were already deleted; nothing to do. Use \`fetch\` to regenerate one.`,
      details: { count },
    });
  },
  pathOutsideDataRoots(path: string, roots: readonly string[]): RecomputeError {
    return new RecomputeError({
      code: 'PATH_OUTSIDE_DATA_ROOTS',
      message: `Refusing to touch ${path}: it is not inside any configured data root (${roots.join(', ')}). Check SPYGLASS_BASE_DIR and friends.`,
      details: { path, roots: [...roots] },
    });
  },
  dataRootUnavailable(root: string, reason: string, cause?: unknown, setting?: string): RecomputeError {
    const fix = setting === undefined ? 'or fix the SPYGLASS_*_DIR settings' : `or point ${setting} at the right directory`;
    return new RecomputeError({
      code: 'DATA_ROOT_UNAVAILABLE',
      message: `Data root ${root}${setting === undefined ? '' : ` (${setting})`} is ${reason}; nothing was changed. Mount or create it, ${fix}.`,
      details: setting === undefined ? { root, reason } : { root, reason, setting },
      cause,
    });
  },
  confirmationRequired(count: number, bytes: number): RecomputeError {
    return new RecomputeError({
      code: 'CONFIRMATION_REQUIRED',
      message: `Deleting ${count} file(s) (${bytes} bytes) needs confirmation: pass --yes (and not --dry-run).`,
      details: { count, bytes },
    });
  },
  originalsAllMissing(count: number, roots: readonly string[]): RecomputeError {
    return new RecomputeError({
      code: 'ORIGINALS_ALL_MISSING',
      message:
        `All ${count} originals to delete are already missing — is a data root unmounted or moved (${roots.join(', ')})? ` +
        'Nothing was flagged. Check the roots, or pass --allow-large-deletion to flag them as deleted anyway.',
      details: { count, roots },
    });
  },
  deletionTooLarge(count: number, bytes: number, maxFiles: number, maxBytes: number): RecomputeError {
    return new RecomputeError({
      code: 'DELETION_TOO_LARGE',
      message:
        `Refusing to delete ${count} file(s) / ${bytes} bytes at once (limits: ${maxFiles} files, ${maxBytes} bytes). ` +
        'Narrow the filters, or pass --allow-large-deletion if this is intended.',
      details: { count, bytes, maxFiles, maxBytes },
    });
  },
} as const;
