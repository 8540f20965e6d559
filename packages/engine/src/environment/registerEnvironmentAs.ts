import { environmentErrors } from './environmentErrors';
import type { EnvironmentSnapshot } from './EnvironmentSnapshot';
import type { EnvironmentStore } from './EnvironmentStore';
import { environmentHash } from './environmentHash';
import type { RegisteredEnvironment } from './registerEnvironment';

/** `env_id` is a varchar(127), as upstream's `UserEnvironment`. */
const ENV_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,126}$/;

/**
 * Stores the environment under exactly `envId` (upstream `insert_current_env(env_id)`).
 * Storing it again under the same id is a no-op. Because an environment is stored once
 * (`env_hash` is unique), an id taken by another environment, or this environment already
 * stored under another id, is a typed error naming both.
 */
export async function registerEnvironmentAs(
  store: EnvironmentStore,
  snapshot: EnvironmentSnapshot,
  envId: string,
  options: { now?: () => Date } = {},
): Promise<RegisteredEnvironment> {
  if (!ENV_ID_PATTERN.test(envId)) {
    throw environmentErrors.idInvalid(envId);
  }
  const envHash = environmentHash(snapshot);
  const sameEnvironment = await store.findByHash(envHash);
  if (sameEnvironment?.envId === envId) return { envId, envHash, inserted: false, hasEditable: sameEnvironment.hasEditable };
  if (sameEnvironment) {
    throw environmentErrors.alreadyStored(envId, sameEnvironment.envId);
  }
  const outcome = await store.insert({
    envId,
    envHash,
    env: snapshot,
    hasEditable: snapshot.hasEditable,
    timestamp: (options.now ?? (() => new Date()))(),
  });
  if (outcome === 'duplicate') {
    throw environmentErrors.idTaken(envId);
  }
  return { envId, envHash, inserted: true, hasEditable: snapshot.hasEditable };
}
