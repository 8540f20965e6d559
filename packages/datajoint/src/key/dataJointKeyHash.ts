import { createHash } from 'node:crypto';

/**
 * DataJoint's `key_hash`: md5 over `str(value)` of the key's values in sorted-field order, so
 * rows we write in `~jobs`-style tables collide with those a DataJoint worker writes. Booleans
 * print as Python does (`True`/`False`); uuids must be given in their canonical text, which is
 * `str(uuid.UUID)`.
 */
export function dataJointKeyHash(key: Record<string, string | number | boolean>): string {
  const md5 = createHash('md5');
  for (const field of Object.keys(key).sort()) {
    const value = key[field];
    md5.update(typeof value === 'boolean' ? (value ? 'True' : 'False') : String(value), 'utf8');
  }
  return md5.digest('hex');
}
