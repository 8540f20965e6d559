import { hostname } from 'node:os';
import { UniqueConstraintViolationException } from '@mikro-orm/core';
import { PyDict, PyUuid, blobValueToJson, decodeBlob, encodeBlob, type BlobValue } from '@spyglass-recompute/datajoint';
import {
  dataJointJobsDdl,
  recomputeLeaseDdl,
  checkedSchemaName,
  RECOMPUTE_LEASE_TABLE,
  DATAJOINT_ERROR_MESSAGE_LENGTH,
} from './dataJointJobsDdl';
import type { JobOwner, JobRow, JobStatus, JobStore } from './JobStore';

/** Runs one SQL statement with `?` placeholders; resolves the rows of a SELECT (anything for other statements). */
export type JobsSqlQuery = (sql: string, params?: unknown[]) => Promise<Array<Record<string, unknown>>>;

/** Options of {@link DataJointJobStore}. */
export interface DataJointJobStoreOptions {
  /** SQL on the lab's server (e.g. `SpyglassServer.query`); every statement names its schema. */
  query: JobsSqlQuery;
  /** The schema whose `~jobs` table is used, e.g. `spikesorting_v1_recompute` (with the lab's prefix, if any). */
  schema: string;
  /**
   * A reservation of ours whose `timestamp` (our heartbeat) is older than this, on the server's
   * clock, belongs to a dead worker and may be reclaimed. Keep it well above the heartbeat period.
   * @default 180_000
   */
  staleAfterMs?: number;
  /** This machine's name as DataJoint records it (`platform.node()`). @default os.hostname() */
  host?: string;
  /** Whether a process of this host is alive. @default signal 0 (EPERM counts as alive) */
  isProcessAlive?: (pid: number) => boolean;
  /** Key fields holding uuids: packed as `uuid.UUID` in the `key` blob, as DataJoint fetches them. @default none */
  uuidFields?: readonly string[];
}

/**
 * {@link JobStore} on a DataJoint schema's `` `~jobs` `` table, speaking DataJoint 0.14's protocol
 * (datajoint/jobs.py + autopopulate.py) so our workers and Python `populate(reserve_jobs=True)`
 * workers share one queue: a reservation is an INSERT of `(table_name, key_hash)` with status
 * `reserved`, the key as a DataJoint blob, `USER()`, host, pid and `CONNECTION_ID()`; a duplicate
 * key means someone else holds it; completion deletes the row; failure turns it into an `error`
 * row with DataJoint's message format and the stack as a blob; `error` and `ignore` rows are
 * never taken.
 *
 * Beyond DataJoint, our workers refresh `timestamp` on their own reservations as a heartbeat, and
 * record each reservation in {@link RECOMPUTE_LEASE_TABLE} so it is recognisable as ours without
 * touching the `~jobs` row. A reservation is reclaimed only when its holder is provably dead:
 * it was made on this host by a pid that is no longer alive (whoever made it), or it is ours and
 * its heartbeat is older than `staleAfterMs`. A Python worker on another host is never robbed:
 * DataJoint rows carry no heartbeat, so their age proves nothing.
 *
 * Table creation is lazy and idempotent (`CREATE TABLE IF NOT EXISTS`, DataJoint's exact DDL).
 */
export class DataJointJobStore implements JobStore {
  private readonly query: JobsSqlQuery;
  private readonly jobs: string;
  private readonly leases: string;
  private readonly staleAfterMs: number;
  private readonly host: string;
  private readonly isProcessAlive: (pid: number) => boolean;
  private readonly uuidFields: ReadonlySet<string>;
  private ready: Promise<void> | undefined;

  constructor(private readonly options: DataJointJobStoreOptions) {
    const schema = checkedSchemaName(options.schema);
    this.query = options.query;
    this.jobs = `\`${schema}\`.\`~jobs\``;
    this.leases = `\`${schema}\`.\`${RECOMPUTE_LEASE_TABLE}\``;
    this.staleAfterMs = options.staleAfterMs ?? 180_000;
    this.host = options.host ?? hostname();
    this.isProcessAlive = options.isProcessAlive ?? processAlive;
    this.uuidFields = new Set(options.uuidFields ?? []);
  }

  /** Creates `~jobs` (as DataJoint would) and our lease table when missing; runs once per store. */
  ensureTables(): Promise<void> {
    this.ready ??= (async () => {
      await this.query(dataJointJobsDdl(this.options.schema));
      await this.query(recomputeLeaseDdl(this.options.schema));
    })().catch((error: unknown) => {
      this.ready = undefined;
      throw error;
    });
    return this.ready;
  }

  async tryInsert(row: JobRow): Promise<boolean> {
    await this.ensureTables();
    try {
      // The columns and values of DataJoint's `JobTable.reserve` insert; `timestamp` takes its
      // CURRENT_TIMESTAMP default. `user` is the server's USER() (DataJoint's `get_user()`), not row.user.
      await this.query(
        `INSERT INTO ${this.jobs} (\`table_name\`,\`key_hash\`,\`status\`,\`key\`,\`user\`,\`host\`,\`pid\`,\`connection_id\`) VALUES (?,?,?,?,USER(),?,?,CONNECTION_ID())`,
        [row.tableName, row.keyHash, row.status, Buffer.from(this.keyBlob(row.key)), row.host, row.pid],
      );
    } catch (error) {
      if (isDuplicateKey(error)) return false;
      throw error;
    }
    if (row.status === 'reserved') {
      // Copy the holder from the row just written (its connection id is the INSERT's own).
      await this.query(
        `REPLACE INTO ${this.leases} (\`table_name\`,\`key_hash\`,\`host\`,\`pid\`,\`connection_id\`) SELECT \`table_name\`,\`key_hash\`,\`host\`,\`pid\`,\`connection_id\` FROM ${this.jobs} WHERE \`table_name\`=? AND \`key_hash\`=? AND \`status\`='reserved' AND \`host\`=? AND \`pid\`=?`,
        [row.tableName, row.keyHash, row.host, row.pid],
      );
    }
    return true;
  }

  async find(tableName: string, keyHash: string): Promise<JobRow | null> {
    const rows = await this.select('WHERE j.`table_name`=? AND j.`key_hash`=?', [tableName, keyHash]);
    return rows[0] ?? null;
  }

  /**
   * Reclaims `row`'s key when its current reservation's holder is provably dead (see the class
   * doc; `now` is unused: staleness is judged on the server's clock, shared by every host).
   * The dead holder's row is deleted only if it is unchanged since it was judged, then the key is
   * reserved as usual, so two reclaimers (or a Python worker inserting meanwhile) cannot both win.
   */
  async takeOverExpired(row: JobRow): Promise<boolean> {
    await this.ensureTables();
    const [current] = await this.query(
      `SELECT j.\`status\`, j.\`host\`, j.\`pid\`, j.\`connection_id\`, UNIX_TIMESTAMP(j.\`timestamp\`) AS ts, TIMESTAMPDIFF(SECOND, j.\`timestamp\`, CURRENT_TIMESTAMP) AS age_s, l.\`key_hash\` IS NOT NULL AS ours FROM ${this.jobs} j ${this.leaseJoin()} WHERE j.\`table_name\`=? AND j.\`key_hash\`=?`,
      [row.tableName, row.keyHash],
    );
    if (!current || current.status !== 'reserved') return false;
    const holder = { host: String(current.host), pid: Number(current.pid) };
    const deadHere = holder.host === this.host && holder.pid > 0 && !this.isProcessAlive(holder.pid);
    const staleOurs = Number(current.ours) === 1 && Number(current.age_s) * 1000 > this.staleAfterMs;
    if (!deadHere && !staleOurs) return false;
    await this.query(
      `DELETE FROM ${this.jobs} WHERE \`table_name\`=? AND \`key_hash\`=? AND \`status\`='reserved' AND \`host\`=? AND \`pid\`=? AND \`connection_id\`=? AND UNIX_TIMESTAMP(\`timestamp\`)=?`,
      [row.tableName, row.keyHash, holder.host, holder.pid, String(current.connection_id), String(current.ts)],
    );
    return this.tryInsert(row);
  }

  /** Our heartbeat: refreshes `timestamp` on a reservation `owner` still holds (never on anyone else's row). */
  async renewLease(tableName: string, keyHash: string, owner: JobOwner): Promise<boolean> {
    await this.query(`UPDATE ${this.jobs} SET \`timestamp\`=CURRENT_TIMESTAMP WHERE ${OWNED}`, [tableName, keyHash, owner.host, owner.pid]);
    const rows = await this.query(`SELECT 1 AS held FROM ${this.jobs} WHERE ${OWNED}`, [tableName, keyHash, owner.host, owner.pid]);
    return rows.length === 1;
  }

  /** Job done: deletes the reservation (DataJoint's `complete`), only if `owner` still holds it. */
  async release(tableName: string, keyHash: string, owner: JobOwner): Promise<void> {
    await this.query(`DELETE FROM ${this.jobs} WHERE ${OWNED}`, [tableName, keyHash, owner.host, owner.pid]);
    await this.dropLease(tableName, keyHash, owner);
  }

  /**
   * Job failed: the reservation becomes the row DataJoint's `JobTable.error` writes with its
   * `REPLACE` (status `error`, message cut as DataJoint cuts it, stack as a blob, fresh user,
   * connection id and timestamp), but as an UPDATE of our own reservation so a key we no longer
   * hold is left alone.
   */
  async markError(tableName: string, keyHash: string, owner: JobOwner, message: string, stack: string | null): Promise<void> {
    await this.query(
      `UPDATE ${this.jobs} SET \`status\`='error', \`error_message\`=?, \`error_stack\`=?, \`user\`=USER(), \`connection_id\`=CONNECTION_ID(), \`timestamp\`=CURRENT_TIMESTAMP WHERE ${OWNED}`,
      [
        [...message].slice(0, DATAJOINT_ERROR_MESSAGE_LENGTH).join(''),
        stack === null ? null : Buffer.from(encodeBlob(stack)),
        tableName,
        keyHash,
        owner.host,
        owner.pid,
      ],
    );
    await this.dropLease(tableName, keyHash, owner);
  }

  async list(tableName?: string): Promise<JobRow[]> {
    await this.ensureTables();
    return tableName === undefined ? this.select('', []) : this.select('WHERE j.`table_name`=?', [tableName]);
  }

  /**
   * {@link list} for read-only commands (`status`): creates nothing; no `~jobs` table means no rows,
   * and without our lease table no reservation counts as ours.
   */
  async listIfPresent(tableName?: string): Promise<JobRow[]> {
    const present = new Set(
      (
        await this.query('SELECT table_name AS t FROM information_schema.tables WHERE table_schema = ? AND table_name IN (?, ?)', [
          this.options.schema,
          '~jobs',
          RECOMPUTE_LEASE_TABLE,
        ])
      ).map((row) => String(row.t)),
    );
    if (!present.has('~jobs')) return [];
    const where = tableName === undefined ? '' : 'WHERE j.`table_name`=?';
    return this.select(where, tableName === undefined ? [] : [tableName], present.has(RECOMPUTE_LEASE_TABLE));
  }

  async remove(tableName: string, status?: JobStatus): Promise<number> {
    await this.ensureTables();
    const where = status === undefined ? '`table_name`=?' : '`table_name`=? AND `status`=?';
    const params = status === undefined ? [tableName] : [tableName, status];
    const [{ n } = { n: 0 }] = await this.query(`SELECT COUNT(*) AS n FROM ${this.jobs} WHERE ${where}`, params);
    await this.query(`DELETE FROM ${this.jobs} WHERE ${where}`, params);
    return Number(n);
  }

  /** The `key` blob: the key dict as DataJoint packs it (ints as Python ints, uuid fields as `uuid.UUID`). */
  private keyBlob(key: JobRow['key']): Uint8Array {
    const entries = Object.entries(key).map(([field, value]): [BlobValue, BlobValue] => [field, this.keyValue(field, value)]);
    return encodeBlob(new PyDict(entries));
  }

  private keyValue(field: string, value: string | number | boolean): BlobValue {
    if (this.uuidFields.has(field)) return new PyUuid(String(value));
    if (typeof value === 'number' && Number.isInteger(value)) return BigInt(value);
    return value;
  }

  private leaseJoin(): string {
    return `LEFT JOIN ${this.leases} l ON l.\`table_name\`=j.\`table_name\` AND l.\`key_hash\`=j.\`key_hash\` AND l.\`host\`=j.\`host\` AND l.\`pid\`=j.\`pid\` AND l.\`connection_id\`=j.\`connection_id\``;
  }

  private async select(where: string, params: unknown[], withLeases = true): Promise<JobRow[]> {
    const ours = withLeases ? 'l.`key_hash` IS NOT NULL' : '0';
    const rows = await this.query(
      `SELECT j.\`table_name\`, j.\`key_hash\`, j.\`status\`, j.\`key\`, j.\`error_message\`, j.\`error_stack\`, j.\`user\`, j.\`host\`, j.\`pid\`, j.\`connection_id\`, UNIX_TIMESTAMP(j.\`timestamp\`) AS ts, ${ours} AS ours FROM ${this.jobs} j ${withLeases ? this.leaseJoin() : ''} ${where} ORDER BY j.\`table_name\`, j.\`key_hash\``,
      params,
    );
    return rows.map((raw) => this.toRow(raw));
  }

  private toRow(raw: Record<string, unknown>): JobRow {
    const timestamp = new Date(Number(raw.ts) * 1000);
    const ours = Number(raw.ours) === 1 && raw.status === 'reserved';
    return {
      tableName: String(raw.table_name),
      keyHash: String(raw.key_hash),
      status: raw.status as JobStatus,
      key: decodeKey(raw.key),
      errorMessage: raw.error_message ? String(raw.error_message) : null,
      errorStack: raw.error_stack ? decodeText(raw.error_stack) : null,
      user: String(raw.user ?? ''),
      host: String(raw.host ?? ''),
      pid: Number(raw.pid ?? 0),
      connectionId: Number(raw.connection_id ?? 0),
      timestamp,
      // Only our reservations have a heartbeat; DataJoint's never expire.
      leaseExpiresAt: ours ? new Date(timestamp.getTime() + this.staleAfterMs) : null,
    };
  }

  private async dropLease(tableName: string, keyHash: string, owner: JobOwner): Promise<void> {
    await this.query(`DELETE FROM ${this.leases} WHERE \`table_name\`=? AND \`key_hash\`=? AND \`host\`=? AND \`pid\`=?`, [
      tableName,
      keyHash,
      owner.host,
      owner.pid,
    ]);
  }
}

/** A reservation still held by the owner: (table_name, key_hash, host, pid). */
const OWNED = "`table_name`=? AND `key_hash`=? AND `status`='reserved' AND `host`=? AND `pid`=?";

function isDuplicateKey(error: unknown): boolean {
  for (let cause: unknown = error, depth = 0; cause && depth < 5; cause = (cause as { cause?: unknown }).cause, depth += 1) {
    if (cause instanceof UniqueConstraintViolationException) return true;
    const { errno, code } = cause as { errno?: unknown; code?: unknown };
    if (errno === 1062 || code === 'ER_DUP_ENTRY') return true;
  }
  return false;
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function toBytes(value: unknown): Uint8Array | null {
  if (value instanceof Uint8Array) return value;
  if (typeof value === 'string') return Buffer.from(value, 'latin1');
  return null;
}

/** The `key` blob back as a flat record (uuids as their text, Python ints as numbers). */
function decodeKey(value: unknown): JobRow['key'] {
  const bytes = toBytes(value);
  if (!bytes) return {};
  const decoded = decodeBlob(bytes);
  const key: JobRow['key'] = {};
  if (!(decoded instanceof PyDict)) return key;
  for (const [field, fieldValue] of decoded.entries) {
    let json: unknown;
    try {
      json = fieldValue instanceof PyUuid ? fieldValue.value : blobValueToJson(fieldValue);
    } catch {
      json = String(fieldValue); // a value JSON cannot hold (datetime, bytes...): shown, never used to match
    }
    key[String(field)] = typeof json === 'string' || typeof json === 'number' || typeof json === 'boolean' ? json : JSON.stringify(json);
  }
  return key;
}

function decodeText(value: unknown): string | null {
  const bytes = toBytes(value);
  if (!bytes) return null;
  try {
    const decoded = decodeBlob(bytes);
    return typeof decoded === 'string' ? decoded : JSON.stringify(blobValueToJson(decoded));
  } catch {
    return Buffer.from(bytes).toString('utf8');
  }
}
