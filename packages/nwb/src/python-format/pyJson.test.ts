import { isRecomputeError } from '@spyglass-recompute/errors';
import { dumpPythonJson, compareCodePoints } from './dumpPythonJson';
import { parsePythonJson } from './parsePythonJson';
import { PyFloat, pyFloat, type PyJsonValue } from './PyFloat';

describe('parsePythonJson + dumpPythonJson', () => {
  it('keeps ints and floats apart and big ints exact', () => {
    const text =
      '{"b": 1, "a": 1.0, "c": 123456789012345678901234567890, "d": -0, "e": -0.0, "f": 1e400, "g": NaN, "h": -Infinity, "i": 1E5}';
    const value = parsePythonJson(text);
    expect(dumpPythonJson(value, { sortKeys: true })).toBe(
      '{"a": 1.0, "b": 1, "c": 123456789012345678901234567890, "d": 0, "e": -0.0, "f": Infinity, "g": NaN, "h": -Infinity, "i": 100000.0}',
    );
  });

  it('escapes like ensure_ascii and sorts keys by code point', () => {
    const value = { µ: 'é😀\x7f\x01"\\\n\t/', '\uffff': 1, '😀': 2, a: [] as never[], b: {} };
    // Python: json.dumps(v, sort_keys=True)
    expect(dumpPythonJson(value, { sortKeys: true })).toBe(
      '{"a": [], "b": {}, "\\u00b5": "\\u00e9\\ud83d\\ude00\\u007f\\u0001\\"\\\\\\n\\t/", "\\uffff": 1, "\\ud83d\\ude00": 2}',
    );
    expect(compareCodePoints('\uffff', '😀')).toBeLessThan(0);
  });

  it('pretty-prints like json.dump(indent=4)', () => {
    const value: PyJsonValue = { a: [pyFloat(1), 1e-7, NaN, -0, { b: [] }, {}], µ: 'x' };
    expect(dumpPythonJson(value, { indent: 4 })).toBe(
      '{\n    "a": [\n        1.0,\n        1e-07,\n        NaN,\n        -0.0,\n        {\n            "b": []\n        },\n        {}\n    ],\n    "\\u00b5": "x"\n}',
    );
  });

  it('writes explicit floats, Map order and plain numbers', () => {
    const value = new Map<string, unknown>([
      ['sampling_frequency', new PyFloat(30000)],
      ['10', 3],
      ['2', 2.5],
    ]);
    expect(dumpPythonJson(value as never)).toBe('{"sampling_frequency": 30000.0, "10": 3, "2": 2.5}');
  });

  it('applies an object hook at every depth', () => {
    const value = parsePythonJson('{"version": 1, "x": {"version": 2, "source_script": 3, "y": [ {"version": 4} ]}}', {
      objectHook: (o) => {
        delete o.version;
        delete o.source_script;
        return o;
      },
    });
    expect(dumpPythonJson(value, { sortKeys: true })).toBe('{"x": {"y": [{}]}}');
  });

  it.each([
    ['{"a": 1}\n{"b": 2}\n', 'Extra data'],
    ['{"a": }', 'Expecting value'],
    ['"abc', 'Unterminated string'],
    ['{"a" 1}', "Expecting ':' delimiter"],
    ['[1 2]', "Expecting ',' delimiter"],
    ['"\\x"', 'Invalid \\escape'],
  ])('rejects %j with a typed error (%s)', (text, what) => {
    let caught: unknown;
    try {
      parsePythonJson(text, { source: 'x.jsonl' });
    } catch (error) {
      caught = error;
    }
    expect(isRecomputeError(caught)).toBe(true);
    expect((caught as Error).message).toContain(what);
    expect((caught as Error).message).toContain('x.jsonl');
  });
});
