import { translateDbError } from '../index';

const URL = 'mysql://root:***@db:3306/x';

describe('translateDbError', () => {
  test('access denied (by code or errno, also nested as cause) → DB_AUTH_FAILED', () => {
    expect(translateDbError(Object.assign(new Error('Access denied'), { code: 'ER_ACCESS_DENIED_ERROR' }), URL).code).toBe('DB_AUTH_FAILED');
    expect(translateDbError(new Error('wrapped', { cause: Object.assign(new Error('x'), { errno: 1045 }) }), URL).code).toBe('DB_AUTH_FAILED');
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
