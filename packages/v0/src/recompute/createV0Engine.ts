import { MikroOrmRecomputeStore, RecomputeEngine, type RecomputeModuleContext } from '@spyglass-recompute/core';
import { V0RecomputePipeline } from './V0RecomputePipeline';
import { v0TableDescriptors } from './v0TableDescriptors';
import type { V0Key } from './V0Key';

/** Options of {@link createV0Engine} beyond the module context. */
export interface CreateV0EngineOptions {
  /** Filter worker threads for regeneration. @default the preprocessing default */
  workers?: number;
}

/** The recompute engine over the v0 tables, confined to the context's data roots. */
export function createV0Engine(context: RecomputeModuleContext, options: CreateV0EngineOptions = {}): RecomputeEngine<V0Key> {
  const pipeline = new V0RecomputePipeline({ em: context.em, roots: context.roots, ...(options.workers !== undefined ? { workers: options.workers } : {}) });
  return new RecomputeEngine<V0Key>({
    pipeline,
    store: new MikroOrmRecomputeStore<V0Key>(context.em, v0TableDescriptors(context.roots.recording)),
    environment: context.environment,
    // Confinement: v0 folders live in the recording root; regenerated copies in temp. Never raw/base.
    dataRoots: [context.roots.recording, context.roots.temp],
    tempDir: context.roots.temp,
    ...(context.now ? { now: context.now } : {}),
    ...(context.log ? { log: context.log } : {}),
  });
}
