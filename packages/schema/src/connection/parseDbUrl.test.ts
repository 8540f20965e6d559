import path from 'node:path';
import { isRecomputeError } from '@spyglass-recompute/errors';
import { createOrmConfig, defaultDbUrl, maskDbUrl, parseDbUrl, sqliteUrl } from '../index';

function errorOf(fn: () => unknown): { code: string; message: string; exitCode: number; json: string } {
  try {
    fn();
  } catch (error) {
    if (!isRecomputeError(error)) throw error;
    return { code: error.code, message: error.message, exitCode: error.exitCode, json: JSON.stringify(error) };
  }
  throw new Error('expected a RecomputeError');
}

describe('parseDbUrl', () => {
  test('mysql and mariadb URLs pick their driver and decode every part', () => {
    expect(parseDbUrl('mysql://alice:p%40ss%2Fw0rd@db.lab.org:3307/spyglass')).toEqual({
      scheme: 'mysql',
      host: 'db.lab.org',
      port: 3307,
      user: 'alice',
      password: 'p@ss/w0rd',
      dbName: 'spyglass',
    });
    expect(parseDbUrl('mariadb://127.0.0.1/recompute')).toEqual({
      scheme: 'mariadb',
      host: '127.0.0.1',
      port: 3306,
      user: 'root',
      password: '',
      dbName: 'recompute',
    });
    expect(parseDbUrl('MySQL://u@[::1]:3306/d')).toMatchObject({ scheme: 'mysql', host: '::1' });
  });

  test('sqlite URLs: absolute, relative to cwd, in-memory', () => {
    expect(parseDbUrl('sqlite:///var/lib/recompute/db.sqlite')).toEqual({ scheme: 'sqlite', path: '/var/lib/recompute/db.sqlite' });
    expect(parseDbUrl('sqlite://data/db.sqlite', { cwd: '/home/alice' })).toEqual({ scheme: 'sqlite', path: '/home/alice/data/db.sqlite' });
    expect(parseDbUrl('sqlite://:memory:')).toEqual({ scheme: 'sqlite', path: ':memory:' });
    expect(parseDbUrl('sqlite:///tmp/with%20space/db.sqlite')).toEqual({ scheme: 'sqlite', path: '/tmp/with space/db.sqlite' });
  });

  test('defaultDbUrl puts recompute.sqlite in the base dir, and round-trips through parseDbUrl', () => {
    const url = defaultDbUrl('/data/spyglass base');
    expect(url).toBe('sqlite:///data/spyglass%20base/recompute.sqlite');
    expect(parseDbUrl(url)).toEqual({ scheme: 'sqlite', path: '/data/spyglass base/recompute.sqlite' });
    expect(parseDbUrl(defaultDbUrl('rel'))).toEqual({ scheme: 'sqlite', path: path.resolve('rel', 'recompute.sqlite') });
    expect(parseDbUrl(sqliteUrl('/a/b#c?.sqlite'))).toEqual({ scheme: 'sqlite', path: '/a/b#c?.sqlite' });
  });

  test.each([
    ['no scheme', 'localhost:3306/db', 'DB_URL_INVALID'],
    ['no database name', 'mysql://root:Sup3rSecret@localhost:3306', 'DB_URL_INVALID'],
    ['no database name (slash)', 'mysql://root:Sup3rSecret@localhost:3306/', 'DB_URL_INVALID'],
    ['bad port', 'mysql://root:Sup3rSecret@localhost:99999/db', 'DB_URL_INVALID'],
    ['no host', 'mariadb://root:Sup3rSecret@/db', 'DB_URL_INVALID'],
    ['missing //', 'mysql:root:Sup3rSecret@localhost/db', 'DB_URL_INVALID'],
    ['broken escape', 'mysql://root:Sup3rSecret%zz@localhost/db', 'DB_URL_INVALID'],
    ['empty sqlite path', 'sqlite://', 'DB_URL_INVALID'],
    ['sqlite directory', 'sqlite:///tmp/', 'DB_URL_INVALID'],
    ['postgres', 'postgres://root:Sup3rSecret@localhost/db', 'DB_URL_UNSUPPORTED_SCHEME'],
    ['http', 'http://root:Sup3rSecret@localhost/db', 'DB_URL_UNSUPPORTED_SCHEME'],
  ])('%s → %s, exit 2, password never shown', (_label, url, code) => {
    const error = errorOf(() => parseDbUrl(url));
    expect(error.code).toBe(code);
    expect(error.exitCode).toBe(2);
    expect(error.message).not.toContain('Sup3rSecret');
    expect(error.json).not.toContain('Sup3rSecret');
  });

  test('createOrmConfig rejects bad URLs the same way', () => {
    expect(errorOf(() => createOrmConfig('oracle://u:Sup3rSecret@h/db')).code).toBe('DB_URL_UNSUPPORTED_SCHEME');
  });
});

describe('maskDbUrl', () => {
  test.each([
    ['mysql://alice:secret@host:3306/db', 'mysql://alice:***@host:3306/db'],
    ['mysql://alice@host/db', 'mysql://alice@host/db'],
    ['mysql://host/db', 'mysql://host/db'],
    ['mysql://alice:p@ss@host/db', 'mysql://alice:***@host/db'],
    ['mysql://alice:pa/ss@host/db', 'mysql://alice:***@host/db'],
    ['mariadb://:secret@host/db', 'mariadb://:***@host/db'],
    ['sqlite:///tmp/x.sqlite', 'sqlite:///tmp/x.sqlite'],
    ['not a url', 'not a url'],
    ['mysql:alice:secret@host/db', 'mysql:***@host/db'],
  ])('%s → %s', (url, masked) => {
    expect(maskDbUrl(url)).toBe(masked);
  });
});
