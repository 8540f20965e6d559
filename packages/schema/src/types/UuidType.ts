import { Type, type EntityProperty, type Platform } from '@mikro-orm/core';
import { BaseSqlitePlatform } from '@mikro-orm/knex';
import { dataJointErrors } from '@spyglass-recompute/datajoint';

const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** True when `platform` is SQLite (better-sqlite), where uuids are stored as text. */
export function isSqlitePlatform(platform: Platform): boolean {
  return platform instanceof BaseSqlitePlatform;
}

/**
 * Canonical (lower-case, hyphenated) form of a uuid string; throws `UUID_INVALID` otherwise.
 * Accepts the 32-hex-digit form too, because DataJoint prints uuids both ways.
 */
export function normalizeUuid(value: string): string {
  const lower = value.trim().toLowerCase();
  if (UUID_PATTERN.test(lower)) return lower;
  if (/^[0-9a-f]{32}$/.test(lower)) {
    return `${lower.slice(0, 8)}-${lower.slice(8, 12)}-${lower.slice(12, 16)}-${lower.slice(16, 20)}-${lower.slice(20)}`;
  }
  throw dataJointErrors.uuidInvalid(value, 'a v1 recording_id');
}

/** The 16 raw bytes of a uuid, as DataJoint's `uuid` attribute type stores it on MySQL. */
export function uuidToBuffer(value: string): Buffer {
  return Buffer.from(normalizeUuid(value).replace(/-/g, ''), 'hex');
}

/** The canonical string of a 16-byte uuid buffer. */
export function bufferToUuid(value: Uint8Array): string {
  return normalizeUuid(Buffer.from(value).toString('hex'));
}

/**
 * A uuid held as a canonical string in JS and stored as DataJoint stores it: `binary(16)` on
 * MySQL/MariaDB (so the same rows can live in a real Spyglass database) and `char(36)` text on
 * SQLite (readable in the sqlite3 shell).
 *
 * Pitfall (MikroORM 6.6.16): values inside *tuple* conditions of composite keys do not pass
 * through this type. Entities here therefore keep every key column a scalar property and query
 * with plain `{ recording_id, env_id, rounding }` objects; see `uuidKeyCondition` for raw SQL.
 */
export class UuidType extends Type<string, Buffer | string> {
  override convertToDatabaseValue(value: string | Buffer | null | undefined, platform: Platform): Buffer | string {
    if (value === null || value === undefined) return value as unknown as string;
    // Raw SQL fragments (e.g. `sql.ref('r.recording_id')` in a join condition) pass through.
    if (typeof value !== 'string' && !Buffer.isBuffer(value)) return value;
    const canonical = Buffer.isBuffer(value) ? bufferToUuid(value) : normalizeUuid(value);
    return isSqlitePlatform(platform) ? canonical : uuidToBuffer(canonical);
  }

  override convertToJSValue(value: Buffer | string | null | undefined): string {
    if (value === null || value === undefined) return value as unknown as string;
    if (typeof value === 'string') return normalizeUuid(value);
    return bufferToUuid(value);
  }

  override getColumnType(_prop: EntityProperty, platform: Platform): string {
    return isSqlitePlatform(platform) ? 'char(36)' : 'binary(16)';
  }

  override compareAsType(): string {
    return 'string';
  }
}
