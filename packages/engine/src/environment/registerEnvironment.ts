import { environmentErrors } from './environmentErrors';
import type { EnvironmentSnapshot } from './EnvironmentSnapshot';
import type { EnvironmentStore } from './EnvironmentStore';
import { environmentHash } from './environmentHash';
import { nextEnvironmentId } from './nextEnvironmentId';

/** Options of {@link registerEnvironment}. */
export interface RegisterEnvironmentOptions {
  /** Database/OS user name: the `{user}` part of the env id. */
  user: string;
  /** Environment name: the `{env name}` part of the env id (e.g. `default`). */
  envName: string;
  /** @default () => new Date() */
  now?: () => Date;
}

/** Result of {@link registerEnvironment}. */
export interface RegisteredEnvironment {
  /** The id of the row that holds this environment — always the one actually stored. */
  envId: string;
  envHash: string;
  /** False when an identical environment was already stored. */
  inserted: boolean;
  hasEditable: boolean;
}

/**
 * Stores the environment if its hash is new and returns the env id of the stored row.
 * Fixes Spyglass's defect of returning the requested id rather than the incremented one
 * it inserted; retries when a concurrent process takes the chosen id first.
 */
export async function registerEnvironment(
  store: EnvironmentStore,
  snapshot: EnvironmentSnapshot,
  options: RegisterEnvironmentOptions,
): Promise<RegisteredEnvironment> {
  const envHash = environmentHash(snapshot);
  const now = options.now ?? (() => new Date());
  for (let attempt = 0; attempt < 20; attempt += 1) {
    const existing = await store.findByHash(envHash);
    if (existing) return { envId: existing.envId, envHash, inserted: false, hasEditable: existing.hasEditable };
    const taken = await store.listIdsWithPrefix(`${options.user}_${options.envName}_`);
    const envId = nextEnvironmentId(options.user, options.envName, taken);
    const outcome = await store.insert({ envId, envHash, env: snapshot, hasEditable: snapshot.hasEditable, timestamp: now() });
    if (outcome === 'inserted') return { envId, envHash, inserted: true, hasEditable: snapshot.hasEditable };
  }
  throw environmentErrors.idContention(options.user, options.envName);
}

/** Loads a stored environment or fails with `ENV_NOT_FOUND` (exit 2) naming the id. */
export async function requireEnvironment(store: EnvironmentStore, envId: string) {
  const record = await store.findById(envId);
  if (!record) {
    throw environmentErrors.notFound(envId);
  }
  return record;
}
