import { PyFloat, type PyJsonValue } from './PyFloat';
import { pythonFloatRepr } from './pythonFloatRepr';

/** Options of {@link dumpPythonJson}. */
export interface DumpPythonJsonOptions {
  /** Sort dict keys by code point, like `sort_keys=True`. @default false */
  sortKeys?: boolean;
  /** Pretty-print like `json.dump(indent=N)` (then items are separated by `","`). @default undefined */
  indent?: number;
}

/** Python `str` ordering: by code point, not by UTF-16 unit. */
export function compareCodePoints(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i += 1) {
    const x = a.codePointAt(i) as number;
    const y = b.codePointAt(i) as number;
    if (x !== y) return x < y ? -1 : 1;
    if (x > 0xffff) i += 1;
  }
  return a.length - b.length;
}

/** `json.dumps` string escaping with `ensure_ascii=True` (`\u00b5`, surrogate pairs). */
export function pythonJsonString(s: string): string {
  let out = '"';
  let start = 0;
  for (let i = 0; i < s.length; i += 1) {
    const c = s.charCodeAt(i);
    if (c >= 0x20 && c < 0x7f && c !== 0x22 && c !== 0x5c) continue;
    out += s.slice(start, i);
    start = i + 1;
    switch (c) {
      case 0x22:
        out += '\\"';
        break;
      case 0x5c:
        out += '\\\\';
        break;
      case 0x0a:
        out += '\\n';
        break;
      case 0x0d:
        out += '\\r';
        break;
      case 0x09:
        out += '\\t';
        break;
      case 0x08:
        out += '\\b';
        break;
      case 0x0c:
        out += '\\f';
        break;
      default:
        out += `\\u${c.toString(16).padStart(4, '0')}`;
    }
  }
  return `${out + s.slice(start)}"`;
}

function floatText(x: number): string {
  if (Number.isNaN(x)) return 'NaN';
  if (x === Infinity) return 'Infinity';
  if (x === -Infinity) return '-Infinity';
  return pythonFloatRepr(x);
}

/**
 * Serialises a {@link PyJsonValue} exactly like Python's `json.dumps` with default
 * separators (`", "`, `": "`), `ensure_ascii=True` and `allow_nan=True`.
 */
export function dumpPythonJson(value: PyJsonValue, options: DumpPythonJsonOptions = {}): string {
  const { sortKeys = false, indent } = options;
  const itemSep = indent === undefined ? ', ' : ',';
  const unit = indent === undefined ? '' : ' '.repeat(indent);

  const write = (v: PyJsonValue, depth: number): string => {
    if (v === null) return 'null';
    if (v === true) return 'true';
    if (v === false) return 'false';
    if (typeof v === 'string') return pythonJsonString(v);
    if (typeof v === 'bigint') return v.toString();
    // -0 can only be a float in Python.
    if (typeof v === 'number') return Number.isInteger(v) && !Object.is(v, -0) ? BigInt(v).toString() : floatText(v);
    if (v instanceof PyFloat) return floatText(v.value);
    const entries: [string | undefined, PyJsonValue][] = Array.isArray(v)
      ? v.map((item) => [undefined, item])
      : v instanceof Map
        ? [...v.entries()]
        : Object.entries(v);
    const isArray = Array.isArray(v);
    if (entries.length === 0) return isArray ? '[]' : '{}';
    if (sortKeys && !isArray) entries.sort((a, b) => compareCodePoints(a[0] as string, b[0] as string));
    const newline = indent === undefined ? '' : `\n${unit.repeat(depth + 1)}`;
    const closing = indent === undefined ? '' : `\n${unit.repeat(depth)}`;
    const parts = entries.map(([k, item]) =>
      k === undefined ? write(item, depth + 1) : `${pythonJsonString(k)}: ${write(item, depth + 1)}`,
    );
    const [open, close] = isArray ? ['[', ']'] : ['{', '}'];
    return `${open}${newline}${parts.join(itemSep + newline)}${closing}${close}`;
  };
  return write(value, 0);
}
