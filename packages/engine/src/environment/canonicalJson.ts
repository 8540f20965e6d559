/**
 * Canonical JSON used for every hash this package computes over structured data
 * (environment hashes, job key hashes).
 *
 * Rules (documented because a hash is only reproducible if its input is):
 * - object keys sorted by UTF-16 code unit order (JavaScript's default sort), recursively;
 * - no whitespace; strings and numbers encoded exactly as `JSON.stringify` does;
 * - `undefined` object members are dropped, arrays keep their order;
 * - non-finite numbers, functions, symbols and bigints are rejected (they have no JSON form).
 */
export function canonicalJson(value: unknown): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return JSON.stringify(value);
    case 'number':
      if (!Number.isFinite(value)) throw new TypeError(`canonicalJson: non-finite number ${value}`);
      return JSON.stringify(value);
    case 'object': {
      if (Array.isArray(value)) return `[${value.map((item) => canonicalJson(item)).join(',')}]`;
      if (value instanceof Date) return JSON.stringify(value.toISOString());
      const record = value as Record<string, unknown>;
      const members = Object.keys(record)
        .filter((key) => record[key] !== undefined)
        .sort()
        .map((key) => `${JSON.stringify(key)}:${canonicalJson(record[key])}`);
      return `{${members.join(',')}}`;
    }
    default:
      throw new TypeError(`canonicalJson: cannot encode a ${typeof value}`);
  }
}
