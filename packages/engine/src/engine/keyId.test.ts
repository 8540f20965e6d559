import { canonicalJson } from '../environment/canonicalJson';
import { attemptId, keyId } from './keyId';

/*
 * keyId/attemptId take a fast path for flat records of strings and finite numbers (status computes
 * tens of thousands of ids). Every other record must take canonicalJson's general path, so that an
 * id never depends on which path produced it, and what canonicalJson refuses is refused here too.
 */
const flat = { nwb_file_name: 'a.nwb', sort_group_id: 0 };
const notFlat: Array<[string, Record<string, unknown>]> = [
  ['a nested object', { nwb_file_name: 'a.nwb', interval: { start: 1.5, end: 2 } }],
  ['null', { nwb_file_name: 'a.nwb', sort_group_id: null }],
  ['a boolean', { nwb_file_name: 'a.nwb', whitened: true }],
  ['an array', { nwb_file_name: 'a.nwb', channels: [3, 1, 2] }],
  ['an undefined member', { nwb_file_name: 'a.nwb', sort_group_id: undefined }],
];

describe('keyId', () => {
  test('of a flat key is its canonical JSON, whatever the field order', () => {
    expect(keyId(flat)).toBe(canonicalJson(flat));
    expect(keyId({ sort_group_id: 0, nwb_file_name: 'a.nwb' })).toBe(keyId(flat));
  });

  test.each(notFlat)('of a key holding %s is its canonical JSON', (_, key) => {
    expect(keyId(key as never)).toBe(canonicalJson(key));
  });

  test.each([NaN, Infinity, -Infinity])('refuses a key holding %p, as canonical JSON does (never the id of null)', (value) => {
    expect(() => keyId({ nwb_file_name: 'a.nwb', sort_group_id: value })).toThrow(TypeError);
  });
});

describe('attemptId', () => {
  const attempt = (recording: Record<string, unknown>, params: Record<string, unknown>) =>
    ({ recording, envId: 'env_01', params }) as Parameters<typeof attemptId>[0];
  const expected = (recording: Record<string, unknown>, params: Record<string, unknown>) =>
    canonicalJson({ envId: 'env_01', params, recording });

  test('of flat parts is the canonical JSON of { envId, params, recording }', () => {
    expect(attemptId(attempt(flat, { rounding: 4 }))).toBe(expected(flat, { rounding: 4 }));
  });

  test.each(notFlat)('with a recording key holding %s is the canonical JSON of the whole attempt', (_, key) => {
    expect(attemptId(attempt(key, { rounding: 4 }))).toBe(expected(key, { rounding: 4 }));
  });

  test.each(notFlat)('with params holding %s is the canonical JSON of the whole attempt', (_, params) => {
    expect(attemptId(attempt(flat, params))).toBe(expected(flat, params));
  });
});
