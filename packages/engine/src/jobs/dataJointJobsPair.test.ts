import { createDataJointJobs } from './createDataJointJobs';
import type { JobsSqlQuery } from './DataJointJobStore';
import type { JobRow } from './JobStore';
import { summariseJobs } from './summariseJobs';

/*
 * createDataJointJobs wires the reserver to the store's staleness window: its lease is that
 * window and its heartbeat a sixth of it unless given. Checked by counting heartbeat UPDATEs on
 * a scripted connection under fake timers.
 */
function connection() {
  const sql: string[] = [];
  const query: JobsSqlQuery = async (statement) => {
    sql.push(statement);
    return statement.startsWith('SELECT 1') ? [{ held: 1 }] : [];
  };
  return { query, heartbeats: () => sql.filter((statement) => statement.startsWith('UPDATE')).length, sql };
}

describe('createDataJointJobs', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  async function firstHeartbeatAt(options: { staleAfterMs?: number; heartbeatMs?: number }): Promise<number> {
    const db = connection();
    const { reserver, store } = createDataJointJobs({
      query: db.query,
      schema: 'lab_recompute',
      tableName: '__recording_recompute',
      reserver: { owner: { host: 'node-a', pid: 1 } },
      ...options,
    });
    expect(store).toBeDefined();
    const lease = await reserver.reserve({ id: 1 });
    expect(lease).not.toBeNull();
    expect(db.sql.find((statement) => statement.startsWith('INSERT'))).toContain('`lab_recompute`.`~jobs`');
    let elapsed = 0;
    while (db.heartbeats() === 0 && elapsed < 200_000) {
      await jest.advanceTimersByTimeAsync(1_000);
      elapsed += 1_000;
    }
    await lease!.complete();
    return elapsed;
  }

  it('heartbeats every sixth of the staleness window by default (180 s → 30 s), or as told', async () => {
    expect(await firstHeartbeatAt({})).toBe(30_000);
    expect(await firstHeartbeatAt({ staleAfterMs: 60_000 })).toBe(10_000);
    expect(await firstHeartbeatAt({ staleAfterMs: 60_000, heartbeatMs: 4_000 })).toBe(4_000);
  });

  it('reserves in the table it is given and reads leases with the same window', async () => {
    const rows: Array<Record<string, unknown>> = [];
    const query: JobsSqlQuery = async (statement, params = []) => {
      if (statement.startsWith('INSERT')) rows.push({ table_name: params[0], key_hash: params[1], status: params[2], ts: 1000, ours: 1 });
      return statement.startsWith('SELECT j.`table_name`') ? rows : [];
    };
    const { reserver, store } = createDataJointJobs({ query, schema: 's', tableName: '__t', staleAfterMs: 60_000, heartbeatMs: 1e9 });
    const lease = await reserver.reserve({ id: 1 });
    const [row] = await store.list();
    expect(row).toMatchObject({ tableName: '__t', leaseExpiresAt: new Date(1_000_000 + 60_000) });
    await lease!.complete();
  });
});

describe('summariseJobs edges', () => {
  const row = (over: Partial<JobRow>): JobRow => ({
    tableName: 't',
    keyHash: 'h',
    status: 'reserved',
    key: {},
    errorMessage: null,
    errorStack: null,
    user: 'u',
    host: 'node-a',
    pid: 1,
    connectionId: 0,
    timestamp: new Date('2026-01-01T00:00:00Z'),
    leaseExpiresAt: null,
    ...over,
  });

  it('sorts pids numerically and counts a lease ending exactly now as not yet expired', () => {
    const now = new Date('2026-01-01T01:00:00Z');
    const summary = summariseJobs(
      [
        row({ pid: 10, leaseExpiresAt: now }),
        row({ pid: 9, leaseExpiresAt: new Date(now.getTime() - 1) }),
        row({ pid: 10 }),
        row({ pid: 100, status: 'error' }),
      ],
      now,
    );
    expect(summary.byHost['node-a']).toEqual({ reserved: 3, error: 1, ignore: 0, expired: 1, pids: [9, 10] });
  });
});
