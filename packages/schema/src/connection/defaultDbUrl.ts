import path from 'node:path';

/** File name of the embedded database inside `SPYGLASS_BASE_DIR`. */
export const DEFAULT_SQLITE_FILE = 'recompute.sqlite';

/**
 * The default database: embedded SQLite at `{baseDir}/recompute.sqlite` (`baseDir` =
 * `SPYGLASS_BASE_DIR`), as a `sqlite:///abs/path` URL with each path segment percent-encoded.
 */
export function defaultDbUrl(baseDir: string): string {
  return sqliteUrl(path.resolve(baseDir, DEFAULT_SQLITE_FILE));
}

/** `sqlite:///abs/path` for an absolute file path (segments percent-encoded). */
export function sqliteUrl(absolutePath: string): string {
  return `sqlite://${path.resolve(absolutePath).split('/').map(encodeURIComponent).join('/')}`;
}
