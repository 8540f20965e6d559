import { createHash } from 'node:crypto';
import { canonicalJson } from './canonicalJson';
import type { EnvironmentSnapshot } from './EnvironmentSnapshot';

/**
 * `env_hash`: md5 (hex) of the {@link canonicalJson} of
 * `{ runtime, packages, editable }` — `hasEditable` is derived and therefore left out.
 * Same dependency set ⇒ same hash, on any machine.
 */
export function environmentHash(snapshot: EnvironmentSnapshot): string {
  const hashed = { runtime: snapshot.runtime, packages: snapshot.packages, editable: snapshot.editable };
  return createHash('md5').update(canonicalJson(hashed), 'utf8').digest('hex');
}
