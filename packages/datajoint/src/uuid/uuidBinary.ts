import { dataJointErrors } from '../dataJointErrors';

const CANONICAL = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * The canonical (lower-case, hyphenated) text of a uuid given either that way or as 32 hex
 * digits (DataJoint and Python print both).
 *
 * @throws RecomputeError `UUID_INVALID` naming the value.
 */
export function canonicalUuid(value: string): string {
  const lower = value.trim().toLowerCase();
  if (CANONICAL.test(lower)) return lower;
  if (/^[0-9a-f]{32}$/.test(lower)) {
    return `${lower.slice(0, 8)}-${lower.slice(8, 12)}-${lower.slice(12, 16)}-${lower.slice(16, 20)}-${lower.slice(20)}`;
  }
  throw dataJointErrors.uuidInvalid(value);
}

/**
 * The 16 bytes DataJoint stores in a `uuid` column (`binary(16)`, comment `:uuid:`):
 * Python's `uuid.UUID(value).bytes`, i.e. the hex digits in text order (RFC 4122).
 */
export function uuidToBinary(value: string): Uint8Array {
  return Uint8Array.from(Buffer.from(canonicalUuid(value).replace(/-/g, ''), 'hex'));
}

/**
 * The canonical uuid text of 16 `binary(16)` bytes.
 *
 * @throws RecomputeError `UUID_INVALID` when there are not exactly 16 bytes.
 */
export function formatUuid(bytes: Uint8Array): string {
  if (bytes.length !== 16) {
    throw dataJointErrors.uuidBytesInvalid(bytes.length);
  }
  return canonicalUuid(Buffer.from(bytes).toString('hex'));
}
