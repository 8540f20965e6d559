import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createTestDatabase, testBackends, type TestDatabase } from '@spyglass-recompute/schema';
import { runCli } from '../../test-support/runCli';
import { runCliInProcess } from '../../test-support/runCliInProcess';

// In process (runCliInProcess): the documents and the schema are the subject. Each bad-URL case
// below also runs the human form as a spawned CLI, so "password never printed" covers everything
// a real process writes (its JSON document, in process, is checked for the password too).
describe.each(testBackends())('recompute db migrate/status on %s', (backend) => {
  let db: TestDatabase;
  let baseDir: string;
  beforeAll(async () => {
    db = await createTestDatabase(backend, { migrate: false });
    baseDir = await mkdtemp(path.join(os.tmpdir(), 'cli-db-'));
  });
  afterAll(async () => {
    await db.drop();
    await rm(baseDir, { recursive: true, force: true });
  });

  it('migrates an empty database, then reports nothing to do', async () => {
    const env = { RECOMPUTE_DB_URL: db.url, SPYGLASS_BASE_DIR: baseDir };
    const before = await runCliInProcess(['db', 'status', '--json'], env);
    expect(before.exitCode).toBe(0);
    expect(before.json).toMatchObject({ backend, applied: [], pending: expect.arrayContaining([expect.stringMatching(/^Migration/)]) });

    const first = await runCliInProcess(['db', 'migrate', '--json'], env);
    expect(first.exitCode).toBe(0);
    expect(first.json).toMatchObject({ backend, upToDate: false });
    expect((first.json as { applied: string[] }).applied).toEqual((before.json as { pending: string[] }).pending);

    const second = await runCliInProcess(['db', 'migrate', '--json'], env);
    expect(second.exitCode).toBe(0);
    expect(second.json).toMatchObject({ backend, applied: [], upToDate: true });

    const after = await runCliInProcess(['db', 'status', '--json'], env);
    expect(after.json).toMatchObject({ pending: [], applied: (first.json as { applied: string[] }).applied });
  });
});

describe('recompute db: bad database URLs', () => {
  // An unreachable server is a runtime failure (exit 1); the rest is bad input (issue 12 §5).
  const cases: Array<[string, string, string, number]> = [
    ['malformed URL', 'mysql://root:s3cret-pw@', 'DB_URL_INVALID', 2],
    ['unsupported scheme', 'postgres://root:s3cret-pw@127.0.0.1/x', 'DB_URL_UNSUPPORTED_SCHEME', 2],
    ['unreachable server', 'mysql://root:s3cret-pw@127.0.0.1:1/x', 'DB_UNREACHABLE', 1],
    ['wrong password', 'mariadb://root:s3cret-pw@127.0.0.1:3306/x', 'DB_AUTH_FAILED', 2],
  ];
  it.each(cases)('%s (%s) → %s, exit %i, password never printed', async (_label, url, code, exitCode) => {
    const run = await runCliInProcess(['db', 'migrate', '--db', url, '--json']);
    expect(run.exitCode).toBe(exitCode);
    expect(run.json).toMatchObject({ error: { code } });
    expect(run.stdout + run.stderr).not.toContain('s3cret-pw');
    const human = await runCli(['db', 'status', '--db', url]);
    expect(human.exitCode).toBe(exitCode);
    expect(human.stderr).toContain(code);
    expect(human.stdout + human.stderr).not.toContain('s3cret-pw');
  });
});
