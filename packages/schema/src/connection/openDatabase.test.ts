import { rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { isRecomputeError, type RecomputeError } from '@spyglass-recompute/errors';
import { migrateDatabase, openDatabase, testBackends, testServerAddress } from '../index';

const PASSWORD = 'Wr0ng-Pa55word-x9';

/** Runs `fn`, capturing everything written to stdout/stderr meanwhile, and returns its RecomputeError. */
async function failureOf(fn: () => Promise<unknown>): Promise<{ error: RecomputeError; output: string }> {
  const chunks: string[] = [];
  const spies = [process.stdout, process.stderr].map((stream) =>
    jest.spyOn(stream, 'write').mockImplementation((chunk: string | Uint8Array) => {
      chunks.push(String(chunk));
      return true;
    }),
  );
  try {
    await fn();
  } catch (error) {
    if (!isRecomputeError(error)) throw error;
    return { error, output: chunks.join('') };
  } finally {
    for (const spy of spies) spy.mockRestore();
  }
  throw new Error('expected openDatabase to fail');
}

function expectNoPassword(error: RecomputeError, output: string): void {
  for (const text of [error.message, JSON.stringify(error), String(error), error.stack ?? '', JSON.stringify(error.details), output]) {
    expect(text).not.toContain(PASSWORD);
  }
}

const serverHost = testServerAddress().replace(/^.*@/, '');
const serverBackends = testBackends().filter((backend) => backend !== 'sqlite');

describe('openDatabase', () => {
  test.each(['mysql', 'mariadb'])(
    '%s: nothing listening → DB_UNREACHABLE, exit 1 (a runtime failure, issue 12), no password',
    async (scheme) => {
      const { error, output } = await failureOf(() => openDatabase(`${scheme}://root:${PASSWORD}@127.0.0.1:1/recompute`));
      expect(error.code).toBe('DB_UNREACHABLE');
      expect(error.exitCode).toBe(1);
      expect(error.message).toContain('root:***@127.0.0.1:1');
      expectNoPassword(error, output);
    },
  );

  test('unresolvable host → DB_UNREACHABLE', async () => {
    const { error, output } = await failureOf(() => openDatabase(`mysql://root:${PASSWORD}@no-such-host.invalid:3306/recompute`));
    expect(error.code).toBe('DB_UNREACHABLE');
    expectNoPassword(error, output);
  });

  test('sqlite file that cannot be created → DB_UNREACHABLE', async () => {
    const { error } = await failureOf(() => openDatabase('sqlite:///etc/passwd/x.sqlite'));
    expect(error.code).toBe('DB_UNREACHABLE');
    expect(error.exitCode).toBe(2);
  });

  test('bad URL → DB_URL_INVALID before any connection attempt', async () => {
    const { error, output } = await failureOf(() => openDatabase(`mysql://root:${PASSWORD}@127.0.0.1:3306`));
    expect(error.code).toBe('DB_URL_INVALID');
    expectNoPassword(error, output);
  });

  test('sqlite: creates the directory and the file, and migrates', async () => {
    const root = path.join(os.tmpdir(), `recompute-open-${process.pid}-${Date.now()}`);
    const orm = await openDatabase(`sqlite://${root}/nested/db.sqlite`);
    try {
      expect((await migrateDatabase(orm)).applied.length).toBeGreaterThan(0);
      const conn = orm.em.getConnection();
      expect(await conn.execute('pragma journal_mode')).toEqual([{ journal_mode: 'wal' }]);
      expect(await conn.execute('pragma foreign_keys')).toEqual([{ foreign_keys: 1 }]);
    } finally {
      await orm.close(true);
      await rm(root, { recursive: true, force: true });
    }
  });

  // Runs against the configured test server (when RECOMPUTE_TEST_BACKENDS names one).
  const serverTest = serverBackends.length > 0 ? test.each(serverBackends) : () => undefined;
  serverTest('%s: wrong password → DB_AUTH_FAILED, exit 2, no password anywhere', async (scheme) => {
    const user = testServerAddress().includes('@') ? testServerAddress().replace(/@.*$/, '').replace(/:.*$/, '') : 'root';
    const { error, output } = await failureOf(() => openDatabase(`${scheme}://${user}:${PASSWORD}@${serverHost}/recompute_never_created`));
    expect(error.code).toBe('DB_AUTH_FAILED');
    expect(error.exitCode).toBe(2);
    expect(error.message).toContain(':***@');
    expectNoPassword(error, output);
  });
});
