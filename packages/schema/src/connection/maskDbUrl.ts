/**
 * The URL with its password replaced by `***`, safe to print. Deliberately crude so that it
 * also hides passwords in malformed URLs (e.g. an unescaped `/` or `@` in the password):
 * everything between the first `:` after `//` and the last `@` is hidden.
 */
export function maskDbUrl(url: string): string {
  const start = url.indexOf('://');
  if (start < 0) return url;
  const authorityStart = start + 3;
  const at = url.lastIndexOf('@');
  if (at < authorityStart) return url;
  const colon = url.indexOf(':', authorityStart);
  if (colon < 0 || colon > at) return url;
  return `${url.slice(0, colon)}:***${url.slice(at)}`;
}
