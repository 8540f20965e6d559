import {
  MikroOrmEnvironmentStore,
  captureEnvironment,
  environmentHash,
  environmentOwner,
  generatorPackageDirs,
  registerEnvironment,
  type EngineEnvironment,
  type EnvironmentSnapshot,
} from '@spyglass-recompute/engine';
import type { RecomputeEntityManager } from '@spyglass-recompute/schema';

// The engine names the generator packages and the owner rules, so a library caller registers the
// same environment as the CLI; the CLI resolves the generators from its own install.
export { environmentOwner };

/**
 * The installed packages cannot change under a running process, and capturing walks the whole
 * dependency tree and asks git about each linked package: done once per process (this is the
 * CLI's process edge; library code receives the snapshot).
 */
let capturedThisProcess: EnvironmentSnapshot | undefined;

/** Captures the running installation's environment (not stored), once per process. */
export function captureCurrentEnvironment(): EnvironmentSnapshot {
  capturedThisProcess ??= captureEnvironment({ packageDirs: generatorPackageDirs(__dirname) });
  return capturedThisProcess;
}

/** Captures and registers (if new) the current environment; returns the stored row's id. */
export async function registerCurrentEnvironment(
  em: RecomputeEntityManager,
): Promise<EngineEnvironment & { inserted: boolean; envHash: string; hasEditable: boolean }> {
  const snapshot = captureCurrentEnvironment();
  const registered = await registerEnvironment(new MikroOrmEnvironmentStore(em), snapshot, environmentOwner());
  return {
    envId: registered.envId,
    snapshot,
    inserted: registered.inserted,
    envHash: registered.envHash,
    hasEditable: registered.hasEditable,
  };
}

/**
 * The current environment's stored id without storing anything (read-only commands): the
 * stored row's id, or {@link UNREGISTERED_ENV_ID} when this environment was never registered.
 */
export async function findCurrentEnvironment(em: RecomputeEntityManager): Promise<EngineEnvironment> {
  const snapshot = captureCurrentEnvironment();
  const stored = await new MikroOrmEnvironmentStore(em).findByHash(environmentHash(snapshot));
  return { envId: stored?.envId ?? UNREGISTERED_ENV_ID, snapshot };
}

/** Stands for an environment that has no row yet; matches no stored attempt. */
export const UNREGISTERED_ENV_ID = '(not registered)';
