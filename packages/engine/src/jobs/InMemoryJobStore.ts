import type { JobOwner, JobRow, JobStatus, JobStore } from './JobStore';

/** {@link JobStore} in memory: single-process tests and SQLite-less dry runs. */
export class InMemoryJobStore implements JobStore {
  private readonly rows = new Map<string, JobRow>();

  async tryInsert(row: JobRow): Promise<boolean> {
    const id = `${row.tableName}\u0000${row.keyHash}`;
    if (this.rows.has(id)) return false;
    this.rows.set(id, { ...row });
    return true;
  }

  async find(tableName: string, keyHash: string): Promise<JobRow | null> {
    const row = this.rows.get(`${tableName}\u0000${keyHash}`);
    return row ? { ...row } : null;
  }

  async takeOverExpired(row: JobRow, now: Date): Promise<boolean> {
    const id = `${row.tableName}\u0000${row.keyHash}`;
    const current = this.rows.get(id);
    if (!current || current.status !== 'reserved' || current.leaseExpiresAt === null || current.leaseExpiresAt >= now) return false;
    this.rows.set(id, { ...row });
    return true;
  }

  async renewLease(tableName: string, keyHash: string, owner: JobOwner, until: Date): Promise<boolean> {
    const row = this.owned(tableName, keyHash, owner);
    if (!row) return false;
    row.leaseExpiresAt = until;
    return true;
  }

  async release(tableName: string, keyHash: string, owner: JobOwner): Promise<void> {
    if (this.owned(tableName, keyHash, owner)) this.rows.delete(`${tableName}\u0000${keyHash}`);
  }

  async markError(tableName: string, keyHash: string, owner: JobOwner, message: string, stack: string | null): Promise<void> {
    const row = this.owned(tableName, keyHash, owner);
    if (row) Object.assign(row, { status: 'error', errorMessage: message, errorStack: stack, leaseExpiresAt: null });
  }

  async list(tableName?: string): Promise<JobRow[]> {
    return [...this.rows.values()].filter((row) => tableName === undefined || row.tableName === tableName).map((row) => ({ ...row }));
  }

  async remove(tableName: string, status?: JobStatus): Promise<number> {
    let count = 0;
    for (const [id, row] of this.rows) {
      if (row.tableName === tableName && (status === undefined || row.status === status)) {
        this.rows.delete(id);
        count += 1;
      }
    }
    return count;
  }

  private owned(tableName: string, keyHash: string, owner: JobOwner): JobRow | null {
    const row = this.rows.get(`${tableName}\u0000${keyHash}`);
    return row && row.status === 'reserved' && row.host === owner.host && row.pid === owner.pid ? row : null;
  }
}
