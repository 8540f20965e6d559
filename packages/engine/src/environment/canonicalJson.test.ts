import { canonicalJson } from './canonicalJson';
import { environmentHash } from './environmentHash';
import { attemptId, keyId } from '../engine/keyId';
import type { EnvironmentSnapshot } from './EnvironmentSnapshot';

/** Rebuilds `value` with every object's keys inserted in reverse order (same content, other insertion order). */
function reverseKeyOrder<T>(value: T): T {
  if (Array.isArray(value)) return value.map(reverseKeyOrder) as T;
  if (value === null || typeof value !== 'object' || value instanceof Date) return value;
  const entries = Object.entries(value as Record<string, unknown>).reverse();
  return Object.fromEntries(entries.map(([key, item]) => [key, reverseKeyOrder(item)])) as T;
}

describe('canonicalJson', () => {
  it('sorts object keys recursively by UTF-16 code units, keeps array order, drops undefined members', () => {
    const value = { b: 1, a: { z: [3, { y: true, x: null }], B: 'é' }, _: undefined, '~': 'last', A: -0.5 };
    expect(canonicalJson(value)).toBe('{"A":-0.5,"a":{"B":"é","z":[3,{"x":null,"y":true}]},"b":1,"~":"last"}');
    expect(canonicalJson(reverseKeyOrder(value))).toBe(canonicalJson(value));
  });

  it('encodes dates as ISO strings and rejects what JSON cannot hold', () => {
    expect(canonicalJson({ at: new Date(Date.UTC(2024, 0, 2, 3, 4, 5, 6)) })).toBe('{"at":"2024-01-02T03:04:05.006Z"}');
    expect(() => canonicalJson({ x: Number.NaN })).toThrow(TypeError);
    expect(() => canonicalJson({ x: Infinity })).toThrow(TypeError);
    expect(() => canonicalJson({ x: 1n })).toThrow(TypeError);
    expect(() => canonicalJson(() => 1)).toThrow(TypeError);
  });

  it('makes recording key ids and attempt ids independent of field order', () => {
    const key = { nwb_file_name: 'rat01_.nwb', sort_group_id: 0, sort_interval_name: 'demo', preproc_params_name: 'default' };
    expect(keyId(reverseKeyOrder(key))).toBe(keyId(key));
    expect(keyId(key)).toBe('{"nwb_file_name":"rat01_.nwb","preproc_params_name":"default","sort_group_id":0,"sort_interval_name":"demo"}');
    const attempt = { recording: key, envId: 'env-1', params: { rounding: 4 } };
    expect(attemptId({ envId: 'env-1', params: { rounding: 4 }, recording: reverseKeyOrder(key) })).toBe(attemptId(attempt));
  });

  it('key and attempt ids are exactly the canonical JSON of the key / { recording, envId, params } (flat fast path included)', () => {
    const keys = [
      { recording_id: '5f0c6a2e-1b7d-4c3e-9a8b-0123456789ab' },
      {
        nwb_file_name: 'quote"and\\back\u00e9.nwb',
        sort_group_id: -3,
        sort_interval_name: '',
        preproc_params_name: 'default',
        team_name: 'ünïcode',
      },
      // Not flat: these take the general path and must still agree.
      { nested: { b: 1, a: [1, 'x'] } },
      { dropped: undefined, kept: 1.5 },
    ] as unknown as Array<Record<string, string>>;
    for (const key of keys) {
      expect(keyId(key)).toBe(canonicalJson(key));
      for (const params of [{}, { rounding: 4 }, { rounding: 4, zeta: 'z', alpha: 0.25 }] as Array<Record<string, number>>) {
        expect(attemptId({ recording: key, envId: 'env-1', params })).toBe(canonicalJson({ recording: key, envId: 'env-1', params }));
      }
    }
  });

  it('makes the environment hash independent of the order packages and runtime fields were listed in', () => {
    const snapshot = {
      runtime: { node: '20.20.2', platform: 'linux', arch: 'x64' },
      packages: { zlib: '1.0.0', h5wasm: '0.10.3', '@mikro-orm/core': '6.6.16' },
      editable: { '@spyglass-recompute/core': 'workspace:^', '@spyglass-recompute/v1': 'workspace:^ +dirty' },
      hasEditable: true,
    } satisfies EnvironmentSnapshot;
    const reordered = reverseKeyOrder(snapshot);
    expect(JSON.stringify(reordered)).not.toBe(JSON.stringify(snapshot));
    expect(environmentHash(reordered)).toBe(environmentHash(snapshot));
    expect(environmentHash(snapshot)).toMatch(/^[0-9a-f]{32}$/);
  });
});
