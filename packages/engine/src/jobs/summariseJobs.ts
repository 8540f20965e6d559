import type { JobRow } from './JobStore';

/** Jobs rows of one host, by state. */
export interface HostJobs {
  reserved: number;
  error: number;
  ignore: number;
  /** Reservations whose heartbeat lease has run out (a dead worker's, reclaimable). */
  expired: number;
  /** Pids holding reservations, ascending. */
  pids: number[];
}

/** The jobs table at a glance, for `status --json` (cluster runs: who holds what, where it failed). */
export interface JobsSummary {
  reserved: number;
  error: number;
  ignore: number;
  byHost: Record<string, HostJobs>;
  /** The error rows, newest first: what `schema.jobs & 'status="error"'` shows in Python. */
  errors: Array<{ key: JobRow['key']; host: string; pid: number; errorMessage: string | null; timestamp: string }>;
}

/** Counts jobs rows per host and state; `now` decides which leases have expired. */
export function summariseJobs(rows: readonly JobRow[], now: Date): JobsSummary {
  const summary: JobsSummary = { reserved: 0, error: 0, ignore: 0, byHost: {}, errors: [] };
  for (const row of rows) {
    const host = (summary.byHost[row.host] ??= { reserved: 0, error: 0, ignore: 0, expired: 0, pids: [] });
    summary[row.status] += 1;
    host[row.status] += 1;
    if (row.status === 'reserved') {
      if (row.leaseExpiresAt !== null && row.leaseExpiresAt < now) host.expired += 1;
      if (!host.pids.includes(row.pid)) host.pids.push(row.pid);
    }
    if (row.status === 'error') {
      summary.errors.push({
        key: row.key,
        host: row.host,
        pid: row.pid,
        errorMessage: row.errorMessage,
        timestamp: row.timestamp.toISOString(),
      });
    }
  }
  for (const host of Object.values(summary.byHost)) host.pids.sort((a, b) => a - b);
  summary.errors.sort((a, b) => b.timestamp.localeCompare(a.timestamp));
  return summary;
}
