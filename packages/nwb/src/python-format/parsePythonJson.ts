import { hashErrors } from '../hashing/hashErrors';
import { PyFloat, type PyJsonObject, type PyJsonValue } from './PyFloat';

/** Options of {@link parsePythonJson}. */
export interface ParsePythonJsonOptions {
  /** Names the source in error messages (a file path). @default 'JSON text' */
  source?: string;
  /** Called on every parsed object, like Python's `object_hook`; its result replaces it. */
  objectHook?: (obj: PyJsonObject) => PyJsonValue;
}

const NUMBER_RE = /-?(?:0|[1-9][0-9]*)(\.[0-9]+)?([eE][-+]?[0-9]+)?/y;
const WS_RE = /[ \t\n\r]*/y;
const ESCAPES: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };

/**
 * Parses JSON like Python's `json.loads`: ints stay ints (`bigint` beyond 2^53, else
 * `number`), floats become {@link PyFloat} (so `1.0` stays a float), `NaN`/`Infinity`/
 * `-Infinity` are accepted, duplicate keys keep the last value, and extra data after the
 * first value is an error (Python's "Extra data").
 *
 * @throws RecomputeError `JSON_INVALID` naming the source and character offset.
 */
export function parsePythonJson(text: string, options: ParsePythonJsonOptions = {}): PyJsonValue {
  const source = options.source ?? 'JSON text';
  const hook = options.objectHook;
  let pos = 0;

  const fail = (what: string): never => {
    throw hashErrors.jsonInvalid(source, what, pos);
  };
  const skipWs = (): void => {
    WS_RE.lastIndex = pos;
    WS_RE.exec(text);
    pos = WS_RE.lastIndex;
  };

  const parseString = (): string => {
    // pos is just after the opening quote.
    let out = '';
    let chunkStart = pos;
    for (;;) {
      if (pos >= text.length) fail('Unterminated string');
      const c = text.charCodeAt(pos);
      if (c === 0x22) {
        out += text.slice(chunkStart, pos);
        pos += 1;
        return out;
      }
      if (c < 0x20) fail('Invalid control character in string');
      if (c === 0x5c) {
        out += text.slice(chunkStart, pos);
        const e = text[pos + 1];
        if (e === 'u') {
          const hex = text.slice(pos + 2, pos + 6);
          if (!/^[0-9a-fA-F]{4}$/.test(hex)) fail('Invalid \\uXXXX escape');
          out += String.fromCharCode(parseInt(hex, 16));
          pos += 6;
        } else if (e !== undefined && e in ESCAPES) {
          out += ESCAPES[e];
          pos += 2;
        } else {
          fail('Invalid \\escape');
        }
        chunkStart = pos;
        continue;
      }
      pos += 1;
    }
  };

  const parseValue = (): PyJsonValue => {
    skipWs();
    const c = text[pos];
    if (c === '"') {
      pos += 1;
      return parseString();
    }
    if (c === '{') {
      pos += 1;
      const obj: PyJsonObject = {};
      skipWs();
      if (text[pos] === '}') {
        pos += 1;
        return hook ? hook(obj) : obj;
      }
      for (;;) {
        skipWs();
        if (text[pos] !== '"') fail('Expecting property name enclosed in double quotes');
        pos += 1;
        const key = parseString();
        skipWs();
        if (text[pos] !== ':') fail("Expecting ':' delimiter");
        pos += 1;
        const value = parseValue();
        // defineProperty: a `__proto__` key must become data, not the prototype.
        Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
        skipWs();
        if (text[pos] === ',') {
          pos += 1;
          continue;
        }
        if (text[pos] === '}') {
          pos += 1;
          return hook ? hook(obj) : obj;
        }
        fail("Expecting ',' delimiter");
      }
    }
    if (c === '[') {
      pos += 1;
      const arr: PyJsonValue[] = [];
      skipWs();
      if (text[pos] === ']') {
        pos += 1;
        return arr;
      }
      for (;;) {
        arr.push(parseValue());
        skipWs();
        if (text[pos] === ',') {
          pos += 1;
          continue;
        }
        if (text[pos] === ']') {
          pos += 1;
          return arr;
        }
        fail("Expecting ',' delimiter");
      }
    }
    for (const [word, value] of [
      ['null', null],
      ['true', true],
      ['false', false],
      ['NaN', new PyFloat(NaN)],
      ['Infinity', new PyFloat(Infinity)],
      ['-Infinity', new PyFloat(-Infinity)],
    ] as const) {
      if (text.startsWith(word, pos)) {
        pos += word.length;
        return value;
      }
    }
    NUMBER_RE.lastIndex = pos;
    const m = NUMBER_RE.exec(text);
    if (m) {
      pos = NUMBER_RE.lastIndex;
      if (m[1] !== undefined || m[2] !== undefined) return new PyFloat(Number(m[0]));
      const n = Number(m[0]);
      return Number.isSafeInteger(n) ? (n === 0 ? 0 : n) : BigInt(m[0]);
    }
    return fail('Expecting value');
  };

  const value = parseValue();
  skipWs();
  if (pos !== text.length) fail('Extra data');
  return value;
}
