/**
 * `str(pathlib.Path(p).absolute())` on POSIX (Python 3.11): relative paths are joined to
 * `cwd`; repeated slashes and `.` parts are dropped, a trailing slash is removed, but `..`
 * and symlinks are kept as they are (unlike `path.resolve`). Exactly two leading slashes
 * survive, as POSIX allows.
 */
export function pythonAbsolutePath(p: string, cwd: string = process.cwd()): string {
  const full = p.startsWith('/') ? p : `${cwd.replace(/\/+$/, '')}/${p}`;
  const root = /^\/\/(?!\/)/.test(full) ? '//' : '/';
  const parts = full.split('/').filter((part) => part !== '' && part !== '.');
  return root + parts.join('/');
}
