import {
  MikroOrmEnvironmentStore,
  captureEnvironment,
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
 * The environment handed to read-only commands (`status`, `list`, `show`, `diff`): nothing is
 * looked up or stored. They make no attempt and select the attempts they report by explicit
 * filters (`--env-id`), so the current environment plays no part in their answer, and
 * capturing it (walking the dependency tree and asking git about every linked package) was a
 * quarter of a second of `status` (issue 15). The id stands for no stored row; the snapshot is
 * captured only if something reads it.
 */
export function readOnlyEnvironment(): EngineEnvironment {
  let snapshot: EngineEnvironment['snapshot'] | undefined;
  return {
    envId: NOT_LOOKED_UP_ENV_ID,
    // captured on the first read, once (it walks the dependency tree and runs git)
    get snapshot() {
      return (snapshot ??= captureCurrentEnvironment());
    },
  };
}

/** The env id of {@link readOnlyEnvironment}: matches no stored attempt. */
export const NOT_LOOKED_UP_ENV_ID = '(read-only: not looked up)';
