import { translateDbError, translateQueryError } from '../index';

const URL = 'mysql://root:***@db:3306/x';

describe('translateDbError', () => {
  test('access denied (by code or errno, also nested as cause) → DB_AUTH_FAILED', () => {
    expect(translateDbError(Object.assign(new Error('Access denied'), { code: 'ER_ACCESS_DENIED_ERROR' }), URL).code).toBe(
      'DB_AUTH_FAILED',
    );
    expect(translateDbError(new Error('wrapped', { cause: Object.assign(new Error('x'), { errno: 1045 }) }), URL).code).toBe(
      'DB_AUTH_FAILED',
    );
  });

  test('refused, unresolvable, timed out (also inside an AggregateError) → DB_UNREACHABLE', () => {
    for (const code of ['ECONNREFUSED', 'ENOTFOUND', 'ETIMEDOUT', 'ER_GET_CONNECTION_TIMEOUT', 'SQLITE_CANTOPEN']) {
      expect(translateDbError(Object.assign(new Error(code), { code }), URL).code).toBe('DB_UNREACHABLE');
    }
    const aggregate = new AggregateError([Object.assign(new Error('v6'), { code: 'ECONNREFUSED' })], 'all failed');
    expect(translateDbError(aggregate, URL).code).toBe('DB_UNREACHABLE');
  });

  test('anything else → DB_CONNECTION_FAILED with the driver code; the URL shown is the masked one; cause kept', () => {
    const original = Object.assign(new Error('odd'), { code: 'ER_SOMETHING' });
    const error = translateDbError(original, URL);
    expect(error).toMatchObject({ code: 'DB_CONNECTION_FAILED', exitCode: 2, details: { url: URL, driverCode: 'ER_SOMETHING' } });
    expect(error.cause).toBe(original);
  });
});

describe('translateDbError: issue 12 exit codes', () => {
  test('an unreachable server is a runtime failure (exit 1), not bad input', () => {
    expect(translateDbError(Object.assign(new Error('refused'), { code: 'ECONNREFUSED' }), URL).exitCode).toBe(1);
  });
  test('a missing MySQL/MariaDB database → DB_NOT_FOUND (exit 2) with the fix', () => {
    const error = translateDbError(Object.assign(new Error("Unknown database 'x'"), { code: 'ER_BAD_DB_ERROR', errno: 1049 }), URL);
    expect(error).toMatchObject({ code: 'DB_NOT_FOUND', exitCode: 2, message: expect.stringContaining('recompute db migrate') });
  });
  test('a read-only SQLite file → DB_READ_ONLY, not "cannot reach"', () => {
    expect(
      translateDbError(Object.assign(new Error('attempt to write a readonly database'), { code: 'SQLITE_READONLY' }), URL),
    ).toMatchObject({
      code: 'DB_READ_ONLY',
      message: expect.stringContaining('read-only'),
    });
  });
});

describe('translateQueryError', () => {
  const sqlError = (code: string, errno?: number) =>
    Object.assign(new Error(`select \`r0\`.* from \`recording_recompute\` as \`r0\` - ${code}`), {
      code,
      ...(errno === undefined ? {} : { errno }),
    });
  test.each([
    ['ER_NO_SUCH_TABLE', 1146, 'DB_SCHEMA_MISSING'],
    ['ER_BAD_DB_ERROR', 1049, 'DB_LOST'],
    ['PROTOCOL_CONNECTION_LOST', undefined, 'DB_LOST'],
    ['SQLITE_READONLY', undefined, 'DB_READ_ONLY'],
  ])('%s (errno %s) → %s: one line, exit 1, no SQL', (code, errno, expected) => {
    const error = translateQueryError(sqlError(code, errno), URL);
    expect(error).toMatchObject({ code: expected, exitCode: 1 });
    expect(error!.message).not.toMatch(/\n|select/);
  });
  test('leaves our own errors and unknown failures alone', () => {
    expect(translateQueryError(new Error('a bug'), URL)).toBeUndefined();
    expect(translateQueryError(translateDbError(new Error('x'), URL), URL)).toBeUndefined();
  });
});
