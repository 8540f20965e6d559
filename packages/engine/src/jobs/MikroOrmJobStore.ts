import { UniqueConstraintViolationException, type EntityManager } from '@mikro-orm/core';
import { RecomputeJob } from '@spyglass-recompute/schema';
import type { JobOwner, JobRow, JobStatus, JobStore } from './JobStore';

/**
 * {@link JobStore} over the `recompute__jobs` table. Reservation is an INSERT on the
 * (table_name, key_hash) primary key and take-over one conditional UPDATE, so it is atomic
 * on MySQL/MariaDB with many processes, and on SQLite with its single writer.
 */
export class MikroOrmJobStore implements JobStore {
  constructor(private readonly em: EntityManager) {}

  async tryInsert(row: JobRow): Promise<boolean> {
    try {
      await this.em.fork().insert(RecomputeJob, toColumns(row));
      return true;
    } catch (error) {
      if (error instanceof UniqueConstraintViolationException) return false;
      throw error;
    }
  }

  async find(tableName: string, keyHash: string): Promise<JobRow | null> {
    const row = await this.em.fork().findOne(RecomputeJob, { table_name: tableName, key_hash: keyHash });
    return row ? toRow(row) : null;
  }

  async takeOverExpired(row: JobRow, now: Date): Promise<boolean> {
    const { table_name, key_hash, ...set } = toColumns(row);
    const affected = await this.em
      .fork()
      .nativeUpdate(RecomputeJob, { table_name, key_hash, status: 'reserved', lease_expires_at: { $lt: now } }, set);
    return affected === 1;
  }

  async renewLease(tableName: string, keyHash: string, owner: JobOwner, until: Date): Promise<boolean> {
    const affected = await this.em
      .fork()
      .nativeUpdate(
        RecomputeJob,
        { table_name: tableName, key_hash: keyHash, status: 'reserved', host: owner.host, pid: owner.pid },
        { lease_expires_at: until },
      );
    return affected === 1;
  }

  async release(tableName: string, keyHash: string, owner: JobOwner): Promise<void> {
    await this.em
      .fork()
      .nativeDelete(RecomputeJob, { table_name: tableName, key_hash: keyHash, status: 'reserved', host: owner.host, pid: owner.pid });
  }

  async markError(tableName: string, keyHash: string, owner: JobOwner, message: string, stack: string | null): Promise<void> {
    await this.em
      .fork()
      .nativeUpdate(
        RecomputeJob,
        { table_name: tableName, key_hash: keyHash, status: 'reserved', host: owner.host, pid: owner.pid },
        { status: 'error', error_message: message.slice(0, 2047), error_stack: stack, lease_expires_at: null },
      );
  }

  async list(tableName?: string): Promise<JobRow[]> {
    const rows = await this.em.fork().find(RecomputeJob, tableName === undefined ? {} : { table_name: tableName });
    return rows.map(toRow);
  }

  async remove(tableName: string, status?: JobStatus): Promise<number> {
    return this.em.fork().nativeDelete(RecomputeJob, status === undefined ? { table_name: tableName } : { table_name: tableName, status });
  }
}

function toColumns(row: JobRow) {
  return {
    table_name: row.tableName,
    key_hash: row.keyHash,
    status: row.status,
    key: row.key as Record<string, unknown>,
    error_message: row.errorMessage ?? '',
    error_stack: row.errorStack,
    user: row.user,
    host: row.host,
    pid: row.pid,
    connection_id: row.connectionId,
    timestamp: row.timestamp,
    lease_expires_at: row.leaseExpiresAt,
  };
}

function toRow(row: RecomputeJob): JobRow {
  return {
    tableName: row.table_name,
    keyHash: row.key_hash,
    status: row.status as JobStatus,
    key: row.key as JobRow['key'],
    errorMessage: row.error_message === '' ? null : (row.error_message ?? null),
    errorStack: row.error_stack ?? null,
    user: row.user ?? '',
    host: row.host ?? '',
    pid: Number(row.pid ?? 0),
    connectionId: Number(row.connection_id ?? 0),
    timestamp: row.timestamp,
    leaseExpiresAt: row.lease_expires_at ?? null,
  };
}
