/** DataJoint `~jobs` states (a completed job's row is deleted, as in DataJoint). */
export type JobStatus = 'reserved' | 'error' | 'ignore';

/** A row of the jobs table: DataJoint's `~jobs` columns plus a lease. */
export interface JobRow {
  tableName: string;
  keyHash: string;
  status: JobStatus;
  key: Record<string, string | number | boolean>;
  errorMessage: string | null;
  errorStack: string | null;
  user: string;
  host: string;
  pid: number;
  connectionId: number;
  timestamp: Date;
  /** A reservation whose lease has expired may be taken over; null never expires (DataJoint rows). */
  leaseExpiresAt: Date | null;
}

/** Owner of a reservation: the only process allowed to renew, complete or fail it. */
export interface JobOwner {
  host: string;
  pid: number;
}

/** Jobs-table access; implementations must make {@link JobStore.tryInsert} and the conditional updates atomic. */
export interface JobStore {
  /** Inserts; resolves false (no throw) when (tableName, keyHash) already has a row. */
  tryInsert(row: JobRow): Promise<boolean>;
  find(tableName: string, keyHash: string): Promise<JobRow | null>;
  /**
   * Replaces a `reserved` row whose lease expired before `now` with `row`, atomically
   * (one conditional UPDATE); resolves whether this caller won.
   */
  takeOverExpired(row: JobRow, now: Date): Promise<boolean>;
  /** Extends the lease if `owner` still holds the reservation; resolves whether it did. */
  renewLease(tableName: string, keyHash: string, owner: JobOwner, until: Date): Promise<boolean>;
  /** Deletes the owner's reservation (job done). */
  release(tableName: string, keyHash: string, owner: JobOwner): Promise<void>;
  /** Turns the owner's reservation into an `error` row keeping message and stack. */
  markError(tableName: string, keyHash: string, owner: JobOwner, message: string, stack: string | null): Promise<void>;
  /** Rows of one table (or all). */
  list(tableName?: string): Promise<JobRow[]>;
  /** Deletes rows, e.g. error rows before a retry; resolves how many. */
  remove(tableName: string, status?: JobStatus): Promise<number>;
}
