import { DataJointJobStore, type DataJointJobStoreOptions } from './DataJointJobStore';
import { JobReserver, type JobReserverOptions } from './JobReserver';

/** Options of {@link createDataJointJobs}. */
export interface CreateDataJointJobsOptions extends DataJointJobStoreOptions {
  /**
   * The populated table's name as DataJoint stores it in `~jobs.table_name`: the bare table name
   * with its tier prefix, no schema and no backticks (autopopulate.py passes
   * `self.target.table_name`), e.g. `__recording_recompute` for a Computed table.
   */
  tableName: string;
  /** Heartbeat period (refreshes `timestamp` on our reservations). @default staleAfterMs / 6 */
  heartbeatMs?: number;
  /** Reserver settings besides the table and lease (owner, clock, user). */
  reserver?: Omit<JobReserverOptions, 'tableName' | 'leaseMs' | 'heartbeatMs'>;
}

/**
 * The reserve-jobs pair for the Spyglass layout: a {@link DataJointJobStore} on
 * `` `{schema}`.`~jobs` `` and a {@link JobReserver} that reserves keys of `tableName` in it,
 * heartbeating well inside the store's staleness window. Pass `reserver` to
 * `RecomputeEngine.populate({ jobs })` exactly as the own layout passes its MikroORM-backed one.
 */
export function createDataJointJobs(options: CreateDataJointJobsOptions): { store: DataJointJobStore; reserver: JobReserver } {
  const { tableName, heartbeatMs, reserver, ...storeOptions } = options;
  const staleAfterMs = storeOptions.staleAfterMs ?? 180_000;
  const store = new DataJointJobStore({ ...storeOptions, staleAfterMs });
  return {
    store,
    reserver: new JobReserver(store, {
      ...reserver,
      tableName,
      leaseMs: staleAfterMs,
      heartbeatMs: heartbeatMs ?? Math.max(1, Math.floor(staleAfterMs / 6)),
    }),
  };
}
