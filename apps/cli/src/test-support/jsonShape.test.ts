import { shapeMismatches, shapeOf, type JsonShape } from './jsonShape';

// The contract test is only as strict as this checker: it must report every kind of drift.
describe('shapeMismatches', () => {
  const shape: JsonShape = { id: 'string', n: 'integer', x: 'number|null', tags: ['string'], meta: { '*': 'integer' }, 'opt?': 'boolean' };

  it('accepts a conforming document (optional key absent or present, empty arrays and maps)', () => {
    expect(shapeMismatches({ id: 'a', n: 1, x: 1.5, tags: ['t'], meta: { a: 1 } }, shape)).toEqual([]);
    expect(shapeMismatches({ id: 'a', n: 1, x: null, tags: [], meta: {}, opt: true }, shape)).toEqual([]);
  });

  it('reports a missing key, an extra key, a wrong type, a non-integer, a bad element and a bad map value', () => {
    expect(shapeMismatches({ n: 1.5, x: 'no', tags: ['t', 2], meta: { a: 'b' }, extra: 0, opt: 1 }, shape)).toEqual([
      '$.id: missing',
      '$.n: expected integer, got 1.5',
      '$.x: expected number|null, got "no"',
      '$.tags[1]: expected string, got 2',
      '$.meta.a: expected integer, got "b"',
      '$.opt: expected boolean, got 1',
      '$.extra: not in the contract',
    ]);
    expect(shapeMismatches([1], { a: 'any' })).toEqual(['$: expected an object, got array']);
    expect(shapeMismatches({}, ['any'])).toEqual(['$: expected an array, got object']);
  });

  it('shapeOf gives the narrowest shape, which the value conforms to', () => {
    const value = { a: [{ b: 1, c: 'x' }], d: null, e: 2.5, f: [] };
    expect(shapeOf(value)).toEqual({ a: [{ b: 'integer', c: 'string' }], d: 'null', e: 'number', f: ['any'] });
    expect(shapeMismatches(value, shapeOf(value))).toEqual([]);
  });
});
