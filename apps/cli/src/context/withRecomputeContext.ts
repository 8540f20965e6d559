import { mkdir } from 'node:fs/promises';
import { dataRootList, type RecomputeModuleContext } from '@spyglass-recompute/core';
import type { RecomputeOrm } from '@spyglass-recompute/schema';
import type { CliConfig } from '../config/resolveCliConfig';
import { registerCurrentEnvironment } from './currentEnvironment';
import { withDatabase } from './withDatabase';

/**
 * Everything a pipeline command needs for one unit of work: the database (migrated if it is the
 * embedded default), a forked entity manager, the data roots (created if missing) and the
 * registered current environment.
 */
export async function withRecomputeContext<T>(
  config: CliConfig,
  log: (message: string) => void,
  fn: (context: RecomputeModuleContext & { orm: RecomputeOrm }) => Promise<T>,
): Promise<T> {
  for (const root of dataRootList(config.roots)) await mkdir(root, { recursive: true });
  return withDatabase(config, { migrate: 'auto' }, async (orm) => {
    const em = orm.em.fork();
    const registered = await registerCurrentEnvironment(em);
    return fn({ orm, em, roots: config.roots, environment: { envId: registered.envId, snapshot: registered.snapshot }, log });
  });
}
