/**
 * The URL with its password replaced by `***`, safe to print. Deliberately crude so that it
 * also hides passwords in malformed URLs (e.g. an unescaped `/` or `@` in the password):
 * everything between the first `:` after `//` (or, without `//`, the first `:`) and the last
 * `@` is hidden.
 */
export function maskDbUrl(url: string): string {
  const start = url.indexOf('://');
  // Without "//" (a malformed URL) hide everything between the first ':' and the last '@'.
  const authorityStart = start < 0 ? 0 : start + 3;
  const at = url.lastIndexOf('@');
  if (at < authorityStart) return url;
  const colon = url.indexOf(':', authorityStart);
  if (colon < 0 || colon > at) return url;
  return `${url.slice(0, colon)}:***${url.slice(at)}`;
}
