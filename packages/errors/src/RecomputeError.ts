/**
 * Exit codes of the `recompute` CLI contract (`shared/spec/cli.md`).
 * 1 runtime failure · 2 bad usage or bad input · 4 verification failed.
 */
export const ExitCode = {
  runtime: 1,
  badInput: 2,
  verificationFailed: 4,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

/** Options accepted by every {@link RecomputeError}. */
export interface RecomputeErrorOptions {
  /** Stable, machine-readable code, e.g. `HASH_MISMATCH`, `DB_URL_INVALID`. SCREAMING_SNAKE_CASE. */
  code: string;
  /** Human message naming the file/object/flag at fault and, where possible, how to fix it. */
  message: string;
  /** CLI exit code; defaults to 2 (bad input) because most typed errors are the user's input. */
  exitCode?: ExitCode;
  /** Structured context (paths, hashes, keys) that `--json` error output includes. Never secrets. */
  details?: Record<string, unknown>;
  /** The foreign error this one translates (h5wasm, fs, database driver). */
  cause?: unknown;
}

/**
 * Base of every error this project throws on purpose. Foreign errors are translated into
 * one of these at the adapter that met them, keeping the original as `cause`.
 */
export class RecomputeError extends Error {
  readonly code: string;
  readonly exitCode: ExitCode;
  readonly details: Record<string, unknown>;

  constructor(options: RecomputeErrorOptions) {
    super(options.message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = options.code;
    this.exitCode = options.exitCode ?? ExitCode.badInput;
    this.details = options.details ?? {};
  }

  /** The `{"error": {...}}` body of the CLI's `--json` error output. */
  toJSON(): { code: string; message: string; details?: Record<string, unknown> } {
    return Object.keys(this.details).length > 0
      ? { code: this.code, message: this.message, details: this.details }
      : { code: this.code, message: this.message };
  }
}

/**
 * "Our bug, not your input": a broken internal assumption. The CLI prints it with a
 * please-report hint and exits 1.
 */
export class InvariantError extends RecomputeError {
  constructor(message: string, details?: Record<string, unknown>) {
    super({ code: 'INTERNAL_INVARIANT', message, exitCode: ExitCode.runtime, details });
  }
}

/**
 * True for any {@link RecomputeError}, also across duplicated package copies where
 * `instanceof` fails (a structural check on `code` and `exitCode`).
 */
export function isRecomputeError(error: unknown): error is RecomputeError {
  if (error instanceof RecomputeError) return true;
  return (
    error instanceof Error &&
    typeof (error as Partial<RecomputeError>).code === 'string' &&
    typeof (error as Partial<RecomputeError>).exitCode === 'number' &&
    typeof (error as Partial<RecomputeError>).toJSON === 'function'
  );
}
