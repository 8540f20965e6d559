import { captureEnvironment, type CaptureEnvironmentOptions } from './captureEnvironment';
import type { EnvironmentSnapshot } from './EnvironmentSnapshot';
import type { EnvironmentStore } from './EnvironmentStore';
import { registerEnvironment, type RegisterEnvironmentOptions, type RegisteredEnvironment } from './registerEnvironment';

/** The running process's environment, stored: what a `RecomputeEngine` needs as `environment`. */
export interface CurrentEnvironment extends RegisteredEnvironment {
  snapshot: EnvironmentSnapshot;
}

/**
 * Captures the environment of the generating packages and stores it (or finds the stored
 * row with the same hash): `recompute env capture`, and the first step of every engine run.
 */
export async function resolveCurrentEnvironment(
  store: EnvironmentStore,
  options: CaptureEnvironmentOptions & RegisterEnvironmentOptions,
): Promise<CurrentEnvironment> {
  const snapshot = captureEnvironment(options);
  const registered = await registerEnvironment(store, snapshot, options);
  return { ...registered, snapshot };
}
