import { type ExitCode, type ExitCodeOf, type RecomputeErrorCode, allowsExitCode, errorCodes, isRecomputeErrorCode } from './errorCodes';

/** Options accepted by every {@link RecomputeError}. */
export interface RecomputeErrorOptions<C extends RecomputeErrorCode = RecomputeErrorCode> {
  /** Stable, machine-readable code from the closed list {@link errorCodes}, e.g. `DB_URL_INVALID`. */
  code: C;
  /** Human message naming the file/object/flag at fault and, where possible, how to fix it. */
  message: string;
  /**
   * CLI exit code; defaults to the code's row in {@link errorCodes}. Only the codes whose row lists
   * `alsoExitsWith` accept another one (the type admits nothing else).
   */
  exitCode?: ExitCodeOf<C>;
  /** Structured context (paths, hashes, keys) that `--json` error output includes. Never secrets. */
  details?: Record<string, unknown>;
  /** The foreign error this one translates (h5wasm, fs, database driver). */
  cause?: unknown;
}

/**
 * Base of every error this project throws on purpose. Foreign errors are translated into
 * one of these at the adapter that met them, keeping the original as `cause`.
 */
export class RecomputeError<C extends RecomputeErrorCode = RecomputeErrorCode> extends Error {
  readonly code: C;
  readonly exitCode: ExitCode;
  readonly details: Record<string, unknown>;

  constructor(options: RecomputeErrorOptions<C>) {
    super(options.message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = options.code;
    this.exitCode = options.exitCode ?? errorCodes[options.code].exitCode;
    this.details = options.details ?? {};
  }

  /** The `{"error": {...}}` body of the CLI's `--json` error output. */
  toJSON(): { code: C; message: string; details?: Record<string, unknown> } {
    return Object.keys(this.details).length > 0
      ? { code: this.code, message: this.message, details: this.details }
      : { code: this.code, message: this.message };
  }
}

/**
 * "Our bug, not your input": a broken internal assumption. The CLI prints it with a
 * please-report hint and exits 1.
 */
export class InvariantError extends RecomputeError<'INTERNAL_INVARIANT'> {
  constructor(message: string, details?: Record<string, unknown>) {
    super({ code: 'INTERNAL_INVARIANT', message, details });
  }
}

/**
 * Throws an {@link InvariantError} when `condition` is falsy: for assumptions no input can break
 * (a caller's contract, a state our own code guarantees), never for checking user input.
 */
export function assertInvariant(condition: unknown, message: string | (() => string)): asserts condition {
  if (!condition) throw new InvariantError(typeof message === 'function' ? message() : message);
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

const STORED_CODE_PREFIX = /^([A-Z][A-Z0-9]*(?:_[A-Z0-9]+)*): /;

/**
 * The text stored for a failed attempt (`err_msg`): `CODE: message` for a typed error, so a later
 * run can tell what failed by {@link storedErrorCode} instead of matching message wording; the
 * bare message for a foreign error.
 */
export function storedErrorText(error: unknown): string {
  if (isRecomputeError(error)) return `${error.code}: ${error.message}`;
  return error instanceof Error ? error.message : String(error);
}

/** The code a {@link storedErrorText} starts with, or null (a foreign error, or text stored by an older release). */
export function storedErrorCode(text: string): RecomputeErrorCode | null {
  const code = STORED_CODE_PREFIX.exec(text)?.[1];
  return isRecomputeErrorCode(code) ? code : null;
}

/** A {@link RecomputeError} as plain data, as it crosses a worker thread or a child process. */
export interface SerializedRecomputeError {
  code: string;
  message: string;
  exitCode?: number;
  details?: Record<string, unknown>;
}

/**
 * Rebuilds a {@link RecomputeError} that crossed a thread or process boundary as plain data. The
 * exit code travels along when the code's table row allows it. A code outside the closed list can
 * only come from a bug on the sending side: an {@link InvariantError} naming it.
 */
export function reviveRecomputeError(data: SerializedRecomputeError, cause?: unknown): RecomputeError {
  const { code, message, details } = data;
  if (!isRecomputeErrorCode(code))
    return new InvariantError(`unknown error code ${JSON.stringify(code)} from another thread or process: ${message}`, {
      code,
      ...details,
    });
  const exitCode =
    data.exitCode !== undefined && allowsExitCode(code, data.exitCode) ? (data.exitCode as ExitCodeOf<typeof code>) : undefined;
  return new RecomputeError({
    code,
    message,
    ...(exitCode !== undefined ? { exitCode } : {}),
    ...(details !== undefined ? { details } : {}),
    ...(cause !== undefined ? { cause } : {}),
  });
}
