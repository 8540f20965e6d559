/**
 * The shape of a JSON document, as the CLI contract states it (cli.md): which keys an object has
 * and what type each value is, without the values.
 *
 * - a string: one type or a union of `string`, `number`, `integer`, `boolean`, `null`, `any`
 *   joined by `|` (e.g. `'string|null'`);
 * - `[shape]`: an array whose every element has `shape` (an empty array matches too);
 * - `{ key: shape }`: an object with exactly these keys (a key ending in `?` may be absent);
 * - `{ '*': shape }`: an object with any keys, every value of `shape` (a map keyed by data, e.g.
 *   file names or package names).
 */
export type JsonShape = string | [JsonShape] | { [key: string]: JsonShape };

function typeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

/**
 * Where `value` departs from `shape`: one line per difference (`path: expected …, got …`); empty
 * when it conforms. Reports every difference, so one failing row shows the whole drift.
 */
export function shapeMismatches(value: unknown, shape: JsonShape, at = '$'): string[] {
  if (typeof shape === 'string') {
    const allowed = shape.split('|');
    const actual = typeName(value);
    const ok =
      allowed.includes('any') ||
      allowed.includes(actual) ||
      (actual === 'number' && allowed.includes('integer') && Number.isInteger(value));
    return ok ? [] : [`${at}: expected ${shape}, got ${actual === 'object' || actual === 'array' ? actual : JSON.stringify(value)}`];
  }
  if (Array.isArray(shape)) {
    if (!Array.isArray(value)) return [`${at}: expected an array, got ${typeName(value)}`];
    return value.flatMap((element, i) => shapeMismatches(element, shape[0], `${at}[${i}]`));
  }
  if (typeName(value) !== 'object') return [`${at}: expected an object, got ${typeName(value)}`];
  const object = value as Record<string, unknown>;
  if ('*' in shape && Object.keys(shape).length === 1) {
    return Object.entries(object).flatMap(([key, v]) => shapeMismatches(v, shape['*']!, `${at}.${key}`));
  }
  const problems: string[] = [];
  const declared = new Set<string>();
  for (const [rawKey, inner] of Object.entries(shape)) {
    const optional = rawKey.endsWith('?');
    const key = optional ? rawKey.slice(0, -1) : rawKey;
    declared.add(key);
    if (!(key in object)) {
      if (!optional) problems.push(`${at}.${key}: missing`);
      continue;
    }
    problems.push(...shapeMismatches(object[key], inner, `${at}.${key}`));
  }
  for (const key of Object.keys(object)) if (!declared.has(key)) problems.push(`${at}.${key}: not in the contract`);
  return problems;
}

/** The narrowest {@link JsonShape} `value` has (arrays: the first element's shape), for writing contracts. */
export function shapeOf(value: unknown): JsonShape {
  if (Array.isArray(value)) return value.length === 0 ? ['any'] : [shapeOf(value[0])];
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, shapeOf(v)]));
  if (typeof value === 'number' && Number.isInteger(value)) return 'integer';
  return typeName(value);
}
