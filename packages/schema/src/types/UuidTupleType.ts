import { Type, type Platform } from '@mikro-orm/core';
import { UuidType } from './UuidType';

const CANONICAL_UUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;

/**
 * Condition converter attached to composite relations whose key contains a uuid.
 *
 * Pitfall (MikroORM 6.6.16): `QueryHelper.processWhere` converts condition values only through
 * `prop.customType`, which composite relations lack (they carry a per-column `customTypes`
 * array that the where-path ignores). `{ master: { recording_id, env_id, rounding } }` thus
 * became `(recording_id, env_id, rounding) = ('5f0c…', …)` and silently matched nothing on
 * MySQL/MariaDB, where the column is `binary(16)`. MikroORM hands this type one tuple element at
 * a time without its position, so it converts what is unambiguously a uuid (8-4-4-4-12 hex) and
 * passes everything else through; no other key column of this schema can hold such a string.
 */
export class UuidTupleType extends Type<unknown, unknown> {
  private readonly uuid = new UuidType();

  override convertToDatabaseValue(value: unknown, platform: Platform): unknown {
    return typeof value === 'string' && CANONICAL_UUID.test(value) ? this.uuid.convertToDatabaseValue(value, platform) : value;
  }

  override convertToJSValue(value: unknown): unknown {
    return Buffer.isBuffer(value) && value.length === 16 ? this.uuid.convertToJSValue(value) : value;
  }

  override ensureComparable(): boolean {
    return false;
  }

  override compareAsType(): string {
    return 'any';
  }
}
