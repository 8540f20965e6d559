import { RecomputeError } from '@spyglass-recompute/errors';
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
    throw new RecomputeError({
      code: 'ENV_ID_INVALID',
      message: `--id ${JSON.stringify(envId)} is not a valid env id: use 1-127 letters, digits, '_', '.' or '-', starting with a letter or digit.`,
      details: { flag: '--id', envId },
    });
  }
  const envHash = environmentHash(snapshot);
  const sameEnvironment = await store.findByHash(envHash);
  if (sameEnvironment?.envId === envId) return { envId, envHash, inserted: false, hasEditable: sameEnvironment.hasEditable };
  if (sameEnvironment) {
    throw new RecomputeError({
      code: 'ENV_ALREADY_STORED',
      message: `This environment is already stored as ${sameEnvironment.envId} (an environment is stored once); use that id, or change the environment before capturing it as ${envId}.`,
      details: { flag: '--id', envId, storedAs: sameEnvironment.envId },
    });
  }
  const outcome = await store.insert({ envId, envHash, env: snapshot, hasEditable: snapshot.hasEditable, timestamp: (options.now ?? (() => new Date()))() });
  if (outcome === 'duplicate') {
    throw new RecomputeError({
      code: 'ENV_ID_TAKEN',
      message: `Env id ${envId} is taken by another environment (compare them with \`recompute env diff current ${envId}\`); choose another --id.`,
      details: { flag: '--id', envId },
    });
  }
  return { envId, envHash, inserted: true, hasEditable: snapshot.hasEditable };
}
