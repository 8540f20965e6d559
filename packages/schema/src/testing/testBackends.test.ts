import { isRecomputeError } from '@spyglass-recompute/errors';
import { flowTestBackends, testBackends, testServerAddress } from './testBackends';

const env = (backends?: string, url?: string): NodeJS.ProcessEnv => ({
  ...(backends === undefined ? {} : { RECOMPUTE_TEST_BACKENDS: backends }),
  ...(url === undefined ? {} : { RECOMPUTE_TEST_MYSQL_URL: url }),
});

describe('testBackends', () => {
  it('defaults to all three, takes a comma list in any case and spacing, and drops repeats', () => {
    expect(testBackends(env())).toEqual(['sqlite', 'mariadb', 'mysql']);
    expect(testBackends(env('  '))).toEqual(['sqlite', 'mariadb', 'mysql']);
    expect(testBackends(env(' MySQL , sqlite,,mysql'))).toEqual(['mysql', 'sqlite']);
  });

  it('refuses an unknown name with TEST_BACKEND_UNKNOWN', () => {
    const error = (() => {
      try {
        return testBackends(env('sqlite,postgres'));
      } catch (e) {
        return e;
      }
    })();
    expect(isRecomputeError(error)).toBe(true);
    expect(error).toMatchObject({ code: 'TEST_BACKEND_UNKNOWN' });
    expect((error as Error).message).toContain('postgres');
  });
});

describe('flowTestBackends', () => {
  it('leaves the mysql driver out only when mariadb runs on the same server', () => {
    expect(flowTestBackends(env())).toEqual(['sqlite', 'mariadb']);
    expect(flowTestBackends(env('mysql,mariadb'))).toEqual(['mariadb']);
    expect(flowTestBackends(env('sqlite,mysql'))).toEqual(['sqlite', 'mysql']);
    expect(flowTestBackends(env('mysql'))).toEqual(['mysql']);
    expect(flowTestBackends(env('sqlite'))).toEqual(['sqlite']);
  });
});

describe('testServerAddress', () => {
  it('is root@127.0.0.1:3306 by default, and strips a scheme and a database from RECOMPUTE_TEST_MYSQL_URL', () => {
    expect(testServerAddress(env())).toBe('root@127.0.0.1:3306');
    expect(testServerAddress(env(undefined, 'mysql://lab:secret@db.example:3307/recompute'))).toBe('lab:secret@db.example:3307');
  });
});
