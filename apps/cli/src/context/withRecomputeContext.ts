import { mkdir } from 'node:fs/promises';
import { dataRootList, namedDataRoots } from '@spyglass-recompute/nwb';
import { assertDataRootsWritable, type EngineEnvironment, type RecomputeModuleContext } from '@spyglass-recompute/engine';
import type { RecomputeEntityManager, RecomputeOrm } from '@spyglass-recompute/schema';
import type { CliConfig } from '../config/resolveCliConfig';
import { readOnlyEnvironment, registerCurrentEnvironment } from './currentEnvironment';
import { withDatabase } from './withDatabase';

/**
 * How a command treats the data roots: commands that create artefacts make missing roots;
 * every other command requires the roots it names to exist, because a missing root usually
 * means an unmounted disk — and deleting or regenerating "into" it would be wrong.
 */
export type DataRootPolicy = { create: true } | { require: readonly string[] };

/** Options of {@link withRecomputeContext}. */
export interface RecomputeContextOptions {
  /**
   * The command only reads (`status`, `diff`, `list`, `show`): nothing is created — no database, no
   * migration, no environment row; the current environment is not even captured (see
   * {@link readOnlyEnvironment}).
   * @default false
   */
  readOnly?: boolean;
}

/**
 * Everything a pipeline command needs for one unit of work: the database (migrated if it is the
 * embedded default), a forked entity manager, the data roots (see {@link DataRootPolicy}) and
 * the registered current environment.
 */
export async function withRecomputeContext<T>(
  config: CliConfig,
  roots: DataRootPolicy,
  log: (message: string) => void,
  fn: (context: RecomputeModuleContext & { orm: RecomputeOrm }) => Promise<T>,
  options: RecomputeContextOptions = {},
): Promise<T> {
  const readOnly = options.readOnly ?? false;
  if ('create' in roots) {
    for (const root of dataRootList(config.roots)) await mkdir(root, { recursive: true });
  } else {
    await assertDataRootsWritable(namedDataRoots(config.roots, roots.require));
  }
  return withDatabase(config, { migrate: 'auto', readOnly }, async (orm) => {
    const em = orm.em.fork();
    const environment = readOnly ? readOnlyEnvironment() : await registeredEnvironment(em);
    return fn({ orm, em, roots: config.roots, environment, log });
  });
}

/** Registers the current environment (if new) and keeps what the engine needs of it. */
async function registeredEnvironment(em: RecomputeEntityManager): Promise<EngineEnvironment> {
  const registered = await registerCurrentEnvironment(em);
  return { envId: registered.envId, snapshot: registered.snapshot };
}
