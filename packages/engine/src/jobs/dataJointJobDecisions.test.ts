import { UniqueConstraintViolationException } from '@mikro-orm/core';
import { decodeBlob, encodeBlob, PyDict, PyUuid } from '@spyglass-recompute/datajoint';
import { DataJointJobStore, type JobsSqlQuery } from './DataJointJobStore';
import type { JobRow } from './JobStore';

/*
 * DataJointJobStore's own decisions, against a scripted SQL connection (the statements themselves
 * are checked against a real server in DataJointJobStore.test.ts): when a reservation may be
 * reclaimed, what counts as "someone else holds it", how rows and keys are decoded, how an error
 * message is cut, and that the tables are created once (again after a failure).
 */
type Call = { sql: string; params: unknown[] };

/** A connection that records every statement and answers with `answer(sql, params)`. */
function connection(answer: (sql: string, params: unknown[]) => Array<Record<string, unknown>> | Error = () => []) {
  const calls: Call[] = [];
  const query: JobsSqlQuery = async (sql, params = []) => {
    calls.push({ sql, params });
    const result = answer(sql, params);
    if (result instanceof Error) throw result;
    return result;
  };
  return { calls, query, statements: (start: string) => calls.filter((call) => call.sql.startsWith(start)) };
}

const job = (over: Partial<JobRow> = {}): JobRow => ({
  tableName: '__recording_recompute',
  keyHash: 'a'.repeat(32),
  status: 'reserved',
  key: { recording_id: 'c2ebe2c5-5701-4a39-ba2f-de1471cc3699', rounding: 4, env_id: 'ann_default_00', flag: true, ratio: 0.5 },
  errorMessage: null,
  errorStack: null,
  user: 'ignored',
  host: 'node-a',
  pid: 100,
  connectionId: 0,
  timestamp: new Date(0),
  leaseExpiresAt: null,
  ...over,
});

describe('DataJointJobStore decisions', () => {
  it('refuses a schema name DataJoint could not have made', () => {
    expect(() => new DataJointJobStore({ query: connection().query, schema: 'bad`name' })).toThrow(
      expect.objectContaining({ code: 'JOBS_SCHEMA_INVALID' }),
    );
  });

  it('creates the tables once per store, and tries again after a failed attempt', async () => {
    let fail = true;
    const db = connection((sql) => (sql.startsWith('CREATE') && fail ? new Error('server gone') : []));
    const store = new DataJointJobStore({ query: db.query, schema: 'lab_v1_recompute' });
    await expect(store.ensureTables()).rejects.toThrow('server gone');
    fail = false;
    await store.ensureTables();
    await store.ensureTables();
    await store.list();
    expect(db.statements('CREATE').length).toBe(3); // the failed one, then ~jobs and the lease table once
    expect(db.statements('CREATE')[1]!.sql).toContain('`lab_v1_recompute`.`~jobs`');
    expect(db.statements('CREATE')[2]!.sql).toContain('`lab_v1_recompute`.`~jobs_recompute_lease`');
  });

  it('a reservation packs the key as DataJoint fetches it and records our lease; an error row records none', async () => {
    const db = connection();
    const store = new DataJointJobStore({ query: db.query, schema: 's', uuidFields: ['recording_id'] });
    expect(await store.tryInsert(job())).toBe(true);
    const [insert] = db.statements('INSERT');
    expect(insert!.params.slice(0, 3)).toEqual(['__recording_recompute', 'a'.repeat(32), 'reserved']);
    expect(insert!.params.slice(4)).toEqual(['node-a', 100]);
    const key = decodeBlob(insert!.params[3] as Uint8Array) as PyDict;
    expect(key.entries).toEqual([
      ['recording_id', new PyUuid('c2ebe2c5-5701-4a39-ba2f-de1471cc3699')],
      ['rounding', 4n],
      ['env_id', 'ann_default_00'],
      ['flag', true],
      ['ratio', 0.5],
    ]);
    expect(db.statements('REPLACE')).toHaveLength(1);
    expect(db.statements('REPLACE')[0]!.params).toEqual(['__recording_recompute', 'a'.repeat(32), 'node-a', 100]);
    await store.tryInsert(job({ status: 'ignore' }));
    expect(db.statements('REPLACE')).toHaveLength(1);
  });

  it('a duplicate key, however the driver wraps it, means someone else holds the key; other errors are errors', async () => {
    const wrapped = (cause: unknown) => Object.assign(new Error('insert failed'), { cause });
    const duplicates: unknown[] = [
      Object.assign(new Error('dup'), { errno: 1062 }),
      Object.assign(new Error('dup'), { code: 'ER_DUP_ENTRY' }),
      new UniqueConstraintViolationException(new Error('dup')),
      wrapped(wrapped(wrapped(wrapped(Object.assign(new Error('dup'), { errno: 1062 }))))),
    ];
    for (const duplicate of duplicates) {
      const db = connection((sql) => (sql.startsWith('INSERT') ? (duplicate as Error) : []));
      expect(await new DataJointJobStore({ query: db.query, schema: 's' }).tryInsert(job())).toBe(false);
      expect(db.statements('REPLACE')).toHaveLength(0);
    }
    const tooDeep = wrapped(wrapped(wrapped(wrapped(wrapped(Object.assign(new Error('dup'), { errno: 1062 }))))));
    for (const failure of [tooDeep, Object.assign(new Error('gone'), { errno: 2006, code: 'PROTOCOL_CONNECTION_LOST' })]) {
      const db = connection((sql) => (sql.startsWith('INSERT') ? failure : []));
      await expect(new DataJointJobStore({ query: db.query, schema: 's' }).tryInsert(job())).rejects.toBe(failure);
    }
  });

  describe('takeOverExpired reclaims only provably dead holders', () => {
    const current = (over: Record<string, unknown>) => ({
      status: 'reserved',
      host: 'node-a',
      pid: 7,
      connection_id: 55,
      ts: 1_700_000_000,
      age_s: 10,
      ours: 0,
      ...over,
    });
    async function decide(row: Record<string, unknown> | null, options: { alive?: boolean; staleAfterMs?: number } = {}) {
      const db = connection((sql) => (sql.startsWith('SELECT j.`status`') ? (row ? [row] : []) : []));
      const probed: number[] = [];
      const store = new DataJointJobStore({
        query: db.query,
        schema: 's',
        host: 'node-a',
        staleAfterMs: options.staleAfterMs ?? 60_000,
        isProcessAlive: (pid) => (probed.push(pid), options.alive ?? true),
      });
      const won = await store.takeOverExpired(job({ host: 'node-a', pid: 100 }));
      return { won, deletes: db.statements('DELETE'), inserts: db.statements('INSERT'), probed };
    }

    it('no row or a row that is not a reservation: nothing to reclaim', async () => {
      expect((await decide(null)).won).toBe(false);
      const error = await decide(current({ status: 'error' }), { alive: false });
      expect(error).toMatchObject({ won: false, deletes: [], inserts: [] });
    });

    it('a holder of this host whose pid is dead is reclaimed: its exact row is deleted, then the key reserved', async () => {
      const result = await decide(current({}), { alive: false });
      expect(result.won).toBe(true);
      expect(result.probed).toEqual([7]);
      expect(result.deletes).toHaveLength(1);
      expect(result.deletes[0]!.params).toEqual(['__recording_recompute', 'a'.repeat(32), 'node-a', 7, '55', '1700000000']);
      expect(result.inserts).toHaveLength(1);
    });

    it('a live holder, a holder on another host, and pid 0 are left alone unless it is our own stale lease', async () => {
      expect((await decide(current({}), { alive: true })).won).toBe(false);
      const elsewhere = await decide(current({ host: 'node-b', age_s: 10_000 }), { alive: false });
      expect(elsewhere).toMatchObject({ won: false, probed: [] });
      expect((await decide(current({ pid: 0 }), { alive: false })).won).toBe(false);
      // Ours: stale strictly after staleAfterMs of silence (server clock), whoever and wherever.
      expect((await decide(current({ host: 'node-b', ours: 1, age_s: 60 }))).won).toBe(false);
      expect((await decide(current({ host: 'node-b', ours: 1, age_s: 61 }))).won).toBe(true);
      expect((await decide(current({ host: 'node-b', ours: 0, age_s: 61 }))).won).toBe(false);
    });
  });

  it('renewLease holds only when the reservation is still ours', async () => {
    const held = connection((sql) => (sql.startsWith('SELECT 1') ? [{ held: 1 }] : []));
    const lost = connection(() => []);
    const owner = { host: 'node-a', pid: 100 };
    expect(await new DataJointJobStore({ query: held.query, schema: 's' }).renewLease('t', 'h', owner)).toBe(true);
    expect(await new DataJointJobStore({ query: lost.query, schema: 's' }).renewLease('t', 'h', owner)).toBe(false);
    expect(held.statements('UPDATE')[0]!.params).toEqual(['t', 'h', 'node-a', 100]);
  });

  it('markError cuts the message to 2047 characters (code points) and packs the stack; no stack is NULL', async () => {
    const db = connection();
    const store = new DataJointJobStore({ query: db.query, schema: 's' });
    const owner = { host: 'node-a', pid: 100 };
    const message = `${'😀'.repeat(2000)}${'x'.repeat(100)}`;
    await store.markError('t', 'h', owner, message, 'Error: boom\n    at x');
    await store.markError('t', 'h', owner, 'short', null);
    const [first, second] = db.statements('UPDATE');
    expect([...(first!.params[0] as string)]).toHaveLength(2047);
    expect(first!.params[0]).toBe(`${'😀'.repeat(2000)}${'x'.repeat(47)}`);
    expect(decodeBlob(first!.params[1] as Uint8Array)).toBe('Error: boom\n    at x');
    expect(second!.params.slice(0, 2)).toEqual(['short', null]);
    expect(db.statements('DELETE FROM `s`.`~jobs_recompute_lease`')).toHaveLength(2);
  });

  it('decodes rows: the key blob (uuids as text), the stack blob or text, and a lease only on our reservations', async () => {
    const raw = (over: Record<string, unknown>) => ({
      table_name: 't',
      key_hash: 'h',
      status: 'reserved',
      key: Buffer.from(
        encodeBlob(
          new PyDict([
            ['recording_id', new PyUuid('c2ebe2c5-5701-4a39-ba2f-de1471cc3699')],
            ['rounding', 4n],
            ['name', 'x'],
          ]),
        ),
      ),
      error_message: '',
      error_stack: null,
      user: 'ann@host',
      host: 'node-a',
      pid: 5,
      connection_id: 9,
      ts: 1_700_000_000,
      ours: 1,
      ...over,
    });
    const rows = [
      raw({}),
      raw({ key_hash: 'h2', ours: 0 }),
      raw({ key_hash: 'h3', status: 'error', error_message: 'ValueError: x', error_stack: Buffer.from(encodeBlob('trace')) }),
      raw({
        key_hash: 'h4',
        status: 'error',
        error_stack: 'not a blob',
        key: null,
        user: null,
        host: null,
        pid: null,
        connection_id: null,
      }),
      raw({ key_hash: 'h5', key: Buffer.from(encodeBlob('not a dict')) }),
    ];
    const db = connection((sql) => (sql.startsWith('SELECT j.`table_name`') ? rows : []));
    const store = new DataJointJobStore({ query: db.query, schema: 's', staleAfterMs: 30_000 });
    const [ours, theirs, failed, bare, odd] = await store.list('t');
    const timestamp = new Date(1_700_000_000_000);
    expect(ours).toEqual({
      tableName: 't',
      keyHash: 'h',
      status: 'reserved',
      key: { recording_id: 'c2ebe2c5-5701-4a39-ba2f-de1471cc3699', rounding: 4, name: 'x' },
      errorMessage: null,
      errorStack: null,
      user: 'ann@host',
      host: 'node-a',
      pid: 5,
      connectionId: 9,
      timestamp,
      leaseExpiresAt: new Date(timestamp.getTime() + 30_000),
    });
    expect(theirs!.leaseExpiresAt).toBeNull();
    expect(failed).toMatchObject({ errorMessage: 'ValueError: x', errorStack: 'trace', leaseExpiresAt: null });
    expect(bare).toMatchObject({ key: {}, errorStack: 'not a blob', user: '', host: '', pid: 0, connectionId: 0 });
    expect(odd!.key).toEqual({});
    expect(db.statements('SELECT j.`table_name`')[0]!.params).toEqual(['t']);
  });

  it('listIfPresent creates nothing: no ~jobs table means no rows, no lease table means nothing is ours', async () => {
    const absent = connection(() => []);
    expect(await new DataJointJobStore({ query: absent.query, schema: 's' }).listIfPresent()).toEqual([]);
    expect(absent.statements('CREATE')).toEqual([]);
    const jobsOnly = connection((sql) => (sql.includes('information_schema') ? [{ t: '~jobs' }] : []));
    await new DataJointJobStore({ query: jobsOnly.query, schema: 's' }).listIfPresent('t');
    const [select] = jobsOnly.statements('SELECT j.');
    expect(select!.sql).toContain('0 AS ours');
    expect(select!.sql).not.toContain('LEFT JOIN');
    expect(select!.params).toEqual(['t']);
    expect(jobsOnly.calls[0]!.params).toEqual(['s', '~jobs', '~jobs_recompute_lease']);
  });

  it('remove counts and deletes the rows of a table, of one status when given', async () => {
    const db = connection((sql) => (sql.startsWith('SELECT COUNT') ? [{ n: 3 }] : []));
    const store = new DataJointJobStore({ query: db.query, schema: 's' });
    expect(await store.remove('t', 'error')).toBe(3);
    expect(db.statements('DELETE')[0]!.params).toEqual(['t', 'error']);
    expect(await store.remove('t')).toBe(3);
    expect(db.statements('DELETE')[1]!.params).toEqual(['t']);
  });
});
