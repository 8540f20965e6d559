import { hostname, userInfo } from 'node:os';
import { dataJointErrorMessage } from './dataJointJobsDdl';
import { dataJointKeyHash } from './dataJointKeyHash';
import type { JobOwner, JobRow, JobStore } from './JobStore';

/** Options of {@link JobReserver}. */
export interface JobReserverOptions {
  /** Table whose populate is being distributed, e.g. `spikesorting_v1_recompute.__recording_recompute`. */
  tableName: string;
  /** How long a reservation survives without a heartbeat. @default 60_000 */
  leaseMs?: number;
  /** Heartbeat period. @default leaseMs / 3 */
  heartbeatMs?: number;
  /** @default () => new Date() */
  now?: () => Date;
  /** @default this process (`os.hostname()`, `process.pid`) */
  owner?: JobOwner;
  /** @default os.userInfo().username */
  user?: string;
}

/** A held reservation; renews itself every heartbeat period until completed or failed. */
export class JobLease {
  private timer: NodeJS.Timeout | null;
  private lost = false;

  constructor(
    private readonly store: JobStore,
    readonly row: JobRow,
    private readonly owner: JobOwner,
    private readonly leaseMs: number,
    heartbeatMs: number,
    private readonly now: () => Date,
  ) {
    this.timer = setInterval(() => void this.heartbeat(), heartbeatMs);
    this.timer.unref();
  }

  /** False once another worker took the reservation over (our lease had expired). */
  get held(): boolean {
    return !this.lost;
  }

  /** Extends the lease now. */
  async heartbeat(): Promise<void> {
    if (this.timer === null) return;
    const until = new Date(this.now().getTime() + this.leaseMs);
    const renewed = await this.store.renewLease(this.row.tableName, this.row.keyHash, this.owner, until).catch(() => true);
    if (!renewed) this.lost = true;
  }

  /** The job succeeded: delete its row (DataJoint semantics). */
  async complete(): Promise<void> {
    this.stop();
    await this.store.release(this.row.tableName, this.row.keyHash, this.owner);
  }

  /** The job failed: keep an `error` row with message and stack; it is not retried until removed. */
  async fail(error: unknown): Promise<void> {
    this.stop();
    // DataJoint's populate format (`ClassName: message`, cut with '...truncated'), so `schema.jobs` reads the same.
    const message = dataJointErrorMessage(error);
    const stack = error instanceof Error ? (error.stack ?? null) : null;
    await this.store.markError(this.row.tableName, this.row.keyHash, this.owner, message, stack);
  }

  private stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }
}

/**
 * DataJoint-compatible reserve-jobs: a worker owns a key by inserting its unique jobs row;
 * `error` and `ignore` rows are skipped; and — beyond DataJoint — a reservation carries a
 * lease kept alive by heartbeats, so a killed worker's key is retried after the lease expires.
 */
export class JobReserver {
  readonly tableName: string;
  private readonly leaseMs: number;
  private readonly heartbeatMs: number;
  private readonly now: () => Date;
  private readonly owner: JobOwner;
  private readonly user: string;

  constructor(
    private readonly store: JobStore,
    options: JobReserverOptions,
  ) {
    this.tableName = options.tableName;
    this.leaseMs = options.leaseMs ?? 60_000;
    this.heartbeatMs = options.heartbeatMs ?? Math.max(1, Math.floor(this.leaseMs / 3));
    this.now = options.now ?? (() => new Date());
    this.owner = options.owner ?? { host: hostname(), pid: process.pid };
    this.user = options.user ?? safeUser();
  }

  /** Reserves `key`, or resolves null when another worker holds it or it is marked error/ignore. */
  async reserve(key: Record<string, string | number | boolean>): Promise<JobLease | null> {
    const now = this.now();
    const row: JobRow = {
      tableName: this.tableName,
      keyHash: dataJointKeyHash(key),
      status: 'reserved',
      key,
      errorMessage: null,
      errorStack: null,
      user: this.user,
      host: this.owner.host,
      pid: this.owner.pid,
      connectionId: 0,
      timestamp: now,
      leaseExpiresAt: new Date(now.getTime() + this.leaseMs),
    };
    const won = (await this.store.tryInsert(row)) || (await this.store.takeOverExpired(row, now));
    return won ? new JobLease(this.store, row, this.owner, this.leaseMs, this.heartbeatMs, this.now) : null;
  }
}

function safeUser(): string {
  try {
    return userInfo().username;
  } catch {
    return 'unknown';
  }
}
