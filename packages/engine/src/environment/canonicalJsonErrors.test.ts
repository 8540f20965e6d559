import { canonicalJson } from './canonicalJson';

// The TypeErrors canonicalJson raises name what could not be encoded (Stryker: the messages
// were unchecked), and top-level scalars encode as JSON.stringify does.
describe('canonicalJson messages and scalars', () => {
  it('names the non-finite number or the JavaScript type it cannot encode', () => {
    expect(() => canonicalJson({ x: Number.NaN })).toThrow(new TypeError('canonicalJson: non-finite number NaN'));
    expect(() => canonicalJson([-Infinity])).toThrow(new TypeError('canonicalJson: non-finite number -Infinity'));
    expect(() => canonicalJson({ x: 1n })).toThrow(new TypeError('canonicalJson: cannot encode a bigint'));
    expect(() => canonicalJson(Symbol('s'))).toThrow(new TypeError('canonicalJson: cannot encode a symbol'));
    expect(() => canonicalJson(() => 1)).toThrow(new TypeError('canonicalJson: cannot encode a function'));
    expect(() => canonicalJson(undefined)).toThrow(new TypeError('canonicalJson: cannot encode a undefined'));
  });

  it('encodes top-level scalars, escapes strings and keys, and writes empty containers', () => {
    expect(canonicalJson(null)).toBe('null');
    expect(canonicalJson(false)).toBe('false');
    expect(canonicalJson('a"b\n')).toBe('"a\\"b\\n"');
    expect(canonicalJson(-0)).toBe('0');
    expect(canonicalJson(1e21)).toBe('1e+21');
    expect(canonicalJson({})).toBe('{}');
    expect(canonicalJson([])).toBe('[]');
    expect(canonicalJson({ 'k"ey': [null, 'x'] })).toBe('{"k\\"ey":[null,"x"]}');
  });
});
