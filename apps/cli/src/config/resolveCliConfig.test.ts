import { parseDbUrl } from '@spyglass-recompute/schema';
import path from 'node:path';
import { resolveCliConfig } from './resolveCliConfig';

describe('resolveCliConfig', () => {
  it.each(['/data/run#2', '/data/what?x=1', '/data/100%', '/data/my lab/base', '/data/a#b?c%d e'])(
    'puts the default SQLite database inside the base dir %j (the URL parses back to that file)',
    (base) => {
      const config = resolveCliConfig({}, { SPYGLASS_BASE_DIR: base }, '/work');
      expect(config.dbUrlIsDefault).toBe(true);
      expect(config.roots.base).toBe(base);
      expect(parseDbUrl(config.dbUrl)).toEqual({ scheme: 'sqlite', path: path.join(base, 'recompute.sqlite') });
    },
  );

  it('resolves a relative base dir against the given directory and prefers --db over RECOMPUTE_DB_URL', () => {
    const config = resolveCliConfig({ baseDir: 'lab data' }, {}, '/home/me');
    expect(parseDbUrl(config.dbUrl)).toEqual({ scheme: 'sqlite', path: '/home/me/lab data/recompute.sqlite' });
    const explicit = resolveCliConfig({ db: 'sqlite:///x/flag.sqlite' }, { RECOMPUTE_DB_URL: 'sqlite:///x/env.sqlite' }, '/');
    expect(explicit).toMatchObject({ dbUrl: 'sqlite:///x/flag.sqlite', dbUrlIsDefault: false });
  });

  it('reads the recorded DataJoint store locations (default: none, i.e. the local roots) and refuses a relative one', () => {
    expect(resolveCliConfig({}, {}, '/work').storeLocations).toEqual({});
    const config = resolveCliConfig(
      {},
      { RECOMPUTE_STORE_LOCATION_RAW: '/data/spyglass/raw/', RECOMPUTE_STORE_LOCATION_ANALYSIS: '/data/spyglass/analysis' },
      '/work',
    );
    expect(config.storeLocations).toEqual({ raw: '/data/spyglass/raw', analysis: '/data/spyglass/analysis' });
    expect(() => resolveCliConfig({}, { RECOMPUTE_STORE_LOCATION_RAW: 'data/raw' }, '/work')).toThrow(
      expect.objectContaining({
        code: 'STORE_LOCATION_INVALID',
        exitCode: 2,
        details: { variable: 'RECOMPUTE_STORE_LOCATION_RAW', value: 'data/raw' },
      }),
    );
  });
});
