import path from 'node:path';
import type { RecomputeError } from '@spyglass-recompute/errors';
import { schemaErrors } from '../schemaErrors';
import { DB_SCHEMES, type DbScheme, type DbUrl } from './DbUrl';
import { maskDbUrl } from './maskDbUrl';

const DEFAULT_MYSQL_PORT = 3306;

function invalid(url: string, reason: string): RecomputeError {
  return schemaErrors.dbUrlInvalid(maskDbUrl(url), reason);
}

/**
 * Parses a database URL.
 *
 * - `mysql://user:pass@host:port/db` and `mariadb://…`: user defaults to `root`, port to 3306,
 *   the password may be absent or empty; percent-escapes are decoded (write `@` as `%40`).
 * - `sqlite:///abs/path.sqlite`: an absolute path (three slashes).
 * - `sqlite://relative/path.sqlite`: a path relative to `cwd` (default `process.cwd()`).
 * - `sqlite://:memory:`: an in-memory database (tests only).
 *
 * @throws RecomputeError `DB_URL_INVALID` (malformed) or `DB_URL_UNSUPPORTED_SCHEME`; messages
 *   show the URL with its password masked.
 */
export function parseDbUrl(url: string, options: { cwd?: string } = {}): DbUrl {
  const trimmed = url.trim();
  const schemeMatch = /^([a-z][a-z0-9+.-]*):\/\//i.exec(trimmed);
  if (!schemeMatch) throw invalid(url, 'it does not start with a scheme and "//" (e.g. "mysql://")');
  const scheme = schemeMatch[1].toLowerCase();
  if (!(DB_SCHEMES as readonly string[]).includes(scheme)) {
    throw schemaErrors.dbUrlUnsupportedScheme(maskDbUrl(url), scheme, DB_SCHEMES);
  }
  return scheme === 'sqlite' ? parseSqlite(url, trimmed, options.cwd ?? process.cwd()) : parseServer(url, trimmed, scheme as DbScheme);
}

function parseSqlite(url: string, trimmed: string, cwd: string): DbUrl {
  const rest = trimmed.slice('sqlite://'.length);
  if (rest === ':memory:') return { scheme: 'sqlite', path: ':memory:' };
  let filePath: string;
  try {
    filePath = decodeURIComponent(rest.split(/[?#]/)[0]);
  } catch {
    throw invalid(url, 'the path has a broken percent-escape');
  }
  if (filePath === '' || filePath === '/') throw invalid(url, 'the SQLite file path is empty');
  if (filePath.endsWith('/')) throw invalid(url, 'the SQLite path names a directory, not a file');
  return { scheme: 'sqlite', path: path.isAbsolute(filePath) ? path.normalize(filePath) : path.resolve(cwd, filePath) };
}

function parseServer(url: string, trimmed: string, scheme: DbScheme): DbUrl {
  let parsed: URL;
  try {
    parsed = new URL(trimmed);
  } catch {
    throw invalid(url, 'it is not a valid URL');
  }
  if (!parsed.hostname) throw invalid(url, 'the host is missing');
  const dbName = decode(url, parsed.pathname.replace(/^\//, ''));
  if (!dbName) throw invalid(url, 'the database name is missing (…:port/DBNAME)');
  if (dbName.includes('/')) throw invalid(url, 'the database name contains "/"');
  const port = parsed.port ? Number(parsed.port) : DEFAULT_MYSQL_PORT;
  return {
    scheme: scheme as 'mysql' | 'mariadb',
    host: parsed.hostname.replace(/^\[(.*)\]$/, '$1'),
    port,
    user: decode(url, parsed.username) || 'root',
    password: decode(url, parsed.password),
    dbName,
  };
}

function decode(url: string, value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    throw invalid(url, 'it has a broken percent-escape');
  }
}
