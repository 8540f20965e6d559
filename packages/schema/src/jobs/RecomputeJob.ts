import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { jsonColumn } from '../shared/keyColumns';

/** Status of a job row, as in DataJoint's `~jobs`. A finished job's row is deleted. */
export const JOB_STATUSES = ['reserved', 'error', 'ignore'] as const;
export type JobStatus = (typeof JOB_STATUSES)[number];

/**
 * DataJoint `~jobs` for distributed populate: one row per (table, key) being worked on or
 * failed. Reserve by inserting (unique PK) or, on MySQL/MariaDB, by `FOR UPDATE SKIP LOCKED`;
 * `lease_expires_at` lets a crashed worker's reservation be taken over.
 */
export const RecomputeJob = defineEntity({
  name: 'RecomputeJob',
  tableName: 'recompute__jobs',
  properties: {
    /** The populated table, e.g. `spikesorting_v1__recording_recompute`. */
    table_name: p.string().length(255).primary(),
    /** md5 of the key (DataJoint `key_hash`). */
    key_hash: p.string().length(32).primary(),
    status: p.enum([...JOB_STATUSES]),
    key: jsonColumn<Record<string, unknown>>(),
    error_message: p
      .string()
      .length(2047)
      .default('')
      .onCreate(() => ''),
    error_stack: p.text().nullable(),
    user: p
      .string()
      .length(255)
      .default('')
      .onCreate(() => ''),
    host: p
      .string()
      .length(255)
      .default('')
      .onCreate(() => ''),
    pid: p
      .integer()
      .default(0)
      .onCreate(() => 0),
    connection_id: p
      .bigint('number')
      .default(0)
      .onCreate(() => 0),
    timestamp: p.datetime().onCreate(() => new Date()),
    lease_expires_at: p.datetime().nullable(),
  },
});
export type RecomputeJob = InferEntity<typeof RecomputeJob>;
