import { ConnectionException, ReadOnlyException, TableNotFoundException } from '@mikro-orm/core';
import { type RecomputeError, isRecomputeError } from '@spyglass-recompute/errors';
import { schemaErrors } from '../schemaErrors';

const AUTH_CODES = new Set(['ER_ACCESS_DENIED_ERROR', 'ER_DBACCESS_DENIED_ERROR', 'ER_ACCESS_DENIED_NO_PASSWORD_ERROR']);
const AUTH_ERRNOS = new Set([1044, 1045, 1698]);
const UNREACHABLE_CODES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ECONNRESET',
  'PROTOCOL_CONNECTION_LOST',
  'ER_GET_CONNECTION_TIMEOUT',
  'ER_CONNECTION_TIMEOUT',
  'ER_SOCKET_UNEXPECTED_CLOSE',
  'SQLITE_CANTOPEN',
  'SQLITE_NOTADB',
]);
/** The named MySQL/MariaDB database does not exist (`ER_BAD_DB_ERROR`). */
const MISSING_DB_ERRNO = 1049;
const READ_ONLY_CODES = new Set([
  'SQLITE_READONLY',
  'SQLITE_READONLY_DIRECTORY',
  'SQLITE_READONLY_DBMOVED',
  'SQLITE_READONLY_ROLLBACK',
  'SQLITE_READONLY_RECOVERY',
  'SQLITE_READONLY_CANTLOCK',
  'SQLITE_READONLY_CANTINIT',
  'EACCES',
  'EROFS',
  'EPERM',
]);

interface ErrorFacts {
  code?: unknown;
  errno?: unknown;
  cause?: unknown;
  errors?: unknown;
}

/** Every error in the `cause`/`errors` chain (AggregateError from happy-eyeballs connects included). */
function errorChain(error: unknown): ErrorFacts[] {
  const seen: ErrorFacts[] = [];
  const queue: unknown[] = [error];
  while (queue.length > 0 && seen.length < 20) {
    const next = queue.shift();
    if (!next || typeof next !== 'object' || seen.includes(next as ErrorFacts)) continue;
    const facts = next as ErrorFacts;
    seen.push(facts);
    queue.push(facts.cause);
    if (Array.isArray(facts.errors)) queue.push(...facts.errors);
  }
  return seen;
}

/**
 * Translates a driver error met while connecting into `DB_AUTH_FAILED` / `DB_NOT_FOUND` (exit
 * 2), `DB_READ_ONLY` or `DB_UNREACHABLE` (exit 1: the server or disk failed, not the input),
 * judged by the drivers' error codes, never by message text. `shownUrl` must already
 * be masked; the password never reaches the message or details (the original error, which
 * holds no password either, stays as `cause`). Anything else becomes `DB_CONNECTION_FAILED`.
 */
export function translateDbError(error: unknown, shownUrl: string): RecomputeError {
  const chain = errorChain(error);
  const codes = chain.map((e) => e.code).filter((c): c is string => typeof c === 'string');
  const facts = { url: shownUrl, driverCode: codes[0] };
  if (chain.some((e) => AUTH_CODES.has(e.code as string) || AUTH_ERRNOS.has(e.errno as number))) {
    return schemaErrors.dbAuthFailed(facts, error);
  }
  if (chain.some((e) => e.code === 'ER_BAD_DB_ERROR' || e.errno === MISSING_DB_ERRNO)) {
    return schemaErrors.dbNotOnServer(facts, error);
  }
  if (codes.some((code) => READ_ONLY_CODES.has(code))) {
    return schemaErrors.dbReadOnly(
      facts,
      codes.find((code) => READ_ONLY_CODES.has(code))!,
      error,
    );
  }
  if (codes.some((code) => UNREACHABLE_CODES.has(code))) {
    // A server that does not answer is a runtime failure (exit 1, cli.md); a SQLite path
    // that cannot be opened is the URL the user gave (exit 2).
    return schemaErrors.dbUnreachable(
      facts,
      codes.some((code) => code.startsWith('SQLITE_')),
      error,
    );
  }
  return schemaErrors.dbConnectionFailed(facts, error);
}

const LOST_CONNECTION_CODES = new Set([
  'PROTOCOL_CONNECTION_LOST',
  'ECONNRESET',
  'EPIPE',
  'ER_SOCKET_UNEXPECTED_CLOSE',
  'ECONNREFUSED',
  'ER_CONNECTION_KILLED',
]);
/** MySQL/MariaDB `ER_NO_SUCH_TABLE`. */
const NO_SUCH_TABLE_ERRNO = 1146;

/**
 * Translates a database failure met while a command was already working (the database dropped,
 * its tables removed, the server gone, a read-only SQLite file) into one typed, one-line error
 * (exit 1: the environment changed under the command, the input was fine); undefined for
 * anything else (a bug, which keeps its stack). The SQL text never reaches the message.
 */
export function translateQueryError(error: unknown, shownUrl: string): RecomputeError | undefined {
  if (isRecomputeError(error)) return undefined;
  const chain = errorChain(error);
  const codes = chain.map((e) => e.code).filter((c): c is string => typeof c === 'string');
  const facts = { url: shownUrl, driverCode: codes[0] };
  if (chain.some((e) => e instanceof TableNotFoundException || e.code === 'ER_NO_SUCH_TABLE' || e.errno === NO_SUCH_TABLE_ERRNO)) {
    return schemaErrors.dbSchemaMissing(facts, error);
  }
  if (chain.some((e) => e.code === 'ER_BAD_DB_ERROR' || e.errno === MISSING_DB_ERRNO)) {
    return schemaErrors.dbDropped(facts, error);
  }
  if (chain.some((e) => e instanceof ReadOnlyException) || codes.some((code) => code.startsWith('SQLITE_READONLY'))) {
    return schemaErrors.dbReadOnly(facts, codes.find((code) => code.startsWith('SQLITE_READONLY')) ?? 'read-only', error);
  }
  if (chain.some((e) => e instanceof ConnectionException) || codes.some((code) => LOST_CONNECTION_CODES.has(code))) {
    return schemaErrors.dbConnectionLost(facts, error);
  }
  return undefined;
}
