import { createHash } from 'node:crypto';
import { formatUuid } from './uuidBinary';

/**
 * DataJoint's `uuid_from_buffer`: the md5 digest of `bytes` read as a uuid. DataJoint keys a
 * `filepath@store` attribute by the md5 of the path relative to the store (passed as text here,
 * hashed as UTF-8) and records a file's contents as the md5 of its bytes (`contents_hash`).
 */
export function md5Uuid(bytes: Uint8Array | string): string {
  return formatUuid(createHash('md5').update(bytes).digest());
}
