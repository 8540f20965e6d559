import type { JobRow } from './JobStore';
import { summariseJobs } from './summariseJobs';

const row = (over: Partial<JobRow>): JobRow => ({
  tableName: 't',
  keyHash: 'h',
  status: 'reserved',
  key: { id: 1 },
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

describe('summariseJobs', () => {
  it('counts reserved/error/ignore per host, flags expired leases, lists errors newest first', () => {
    const now = new Date('2026-01-01T01:00:00Z');
    const summary = summariseJobs(
      [
        row({ pid: 7, leaseExpiresAt: new Date('2026-01-01T02:00:00Z') }),
        row({ pid: 3, leaseExpiresAt: new Date('2026-01-01T00:30:00Z') }),
        row({ pid: 7 }),
        row({
          host: 'node-b',
          status: 'error',
          key: { id: 2 },
          errorMessage: 'ValueError: x',
          timestamp: new Date('2026-01-01T00:10:00Z'),
        }),
        row({ host: 'node-b', status: 'error', key: { id: 3 }, errorMessage: 'OSError', timestamp: new Date('2026-01-01T00:20:00Z') }),
        row({ host: 'node-c', status: 'ignore' }),
      ],
      now,
    );
    expect(summary).toMatchObject({ reserved: 3, error: 2, ignore: 1 });
    expect(summary.byHost).toEqual({
      'node-a': { reserved: 3, error: 0, ignore: 0, expired: 1, pids: [3, 7] },
      'node-b': { reserved: 0, error: 2, ignore: 0, expired: 0, pids: [] },
      'node-c': { reserved: 0, error: 0, ignore: 1, expired: 0, pids: [] },
    });
    expect(summary.errors.map((e) => e.key.id)).toEqual([3, 2]);
    expect(summary.errors[0]).toEqual({
      key: { id: 3 },
      host: 'node-b',
      pid: 1,
      errorMessage: 'OSError',
      timestamp: '2026-01-01T00:20:00.000Z',
    });
  });

  it('a lease counts as expired strictly before now: not at now, not later', () => {
    const now = new Date('2026-01-01T01:00:00Z');
    const at = (iso: string) => row({ leaseExpiresAt: new Date(iso) });
    const expired = (rows: JobRow[]) => summariseJobs(rows, now).byHost['node-a']!.expired;
    expect(expired([at('2026-01-01T00:59:59Z'), at('2026-01-01T00:00:00Z'), at('2026-01-01T02:00:00Z')])).toBe(2);
    expect(expired([at('2026-01-01T01:00:00Z')])).toBe(0);
  });

  it('is empty for no rows', () => {
    expect(summariseJobs([], new Date())).toEqual({ reserved: 0, error: 0, ignore: 0, byHost: {}, errors: [] });
  });
});
