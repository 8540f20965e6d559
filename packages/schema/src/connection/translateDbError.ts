import { RecomputeError } from '@spyglass-recompute/errors';

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
  'SQLITE_READONLY',
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
 * Translates a driver error met while connecting into `DB_AUTH_FAILED` or `DB_UNREACHABLE`
 * (exit 2), judged by the drivers' error codes, never by message text. `shownUrl` must already
 * be masked; the password never reaches the message or details (the original error, which
 * holds no password either, stays as `cause`). Anything else becomes `DB_CONNECTION_FAILED`.
 */
export function translateDbError(error: unknown, shownUrl: string): RecomputeError {
  const chain = errorChain(error);
  const codes = chain.map((e) => e.code).filter((c): c is string => typeof c === 'string');
  const driverCode = codes[0];
  if (chain.some((e) => AUTH_CODES.has(e.code as string) || AUTH_ERRNOS.has(e.errno as number))) {
    return new RecomputeError({
      code: 'DB_AUTH_FAILED',
      message: `The database at "${shownUrl}" refused the credentials (wrong user or password). Check the user and password in RECOMPUTE_DB_URL or --db.`,
      details: { url: shownUrl, driverCode },
      cause: error,
    });
  }
  if (codes.some((code) => UNREACHABLE_CODES.has(code))) {
    return new RecomputeError({
      code: 'DB_UNREACHABLE',
      message: `Cannot reach the database at "${shownUrl}" (${driverCode}). Check that the server is running and the host/port (or SQLite path) in RECOMPUTE_DB_URL or --db are right.`,
      details: { url: shownUrl, driverCode },
      cause: error,
    });
  }
  return new RecomputeError({
    code: 'DB_CONNECTION_FAILED',
    message: `Connecting to the database at "${shownUrl}" failed${driverCode ? ` (${driverCode})` : ''}.`,
    details: { url: shownUrl, driverCode },
    cause: error,
  });
}
