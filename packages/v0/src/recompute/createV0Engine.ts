import { MikroOrmRecomputeStore, createPipelineEngine, type RecomputeEngine, type RecomputeModuleContext } from '@spyglass-recompute/engine';
import { V0RecomputePipeline } from './V0RecomputePipeline';
import { v0TableDescriptors } from './v0TableDescriptors';
import type { V0Key } from './V0Key';

/** Options of {@link createV0Engine} beyond the module context. */
export interface CreateV0EngineOptions {
  /** Filter worker threads for regeneration. @default the context's `filterThreads`, else the preprocessing default */
  workers?: number;
}

/** The recompute engine over the v0 tables, confined to the recording root + temp. */
export function createV0Engine(context: RecomputeModuleContext, options: CreateV0EngineOptions = {}): RecomputeEngine<V0Key> {
  const workers = options.workers ?? context.filterThreads;
  return createPipelineEngine<V0Key>(context, {
    pipeline: new V0RecomputePipeline({ em: context.em, roots: context.roots, ...(workers !== undefined ? { workers } : {}) }),
    store: new MikroOrmRecomputeStore<V0Key>(context.em, v0TableDescriptors(context.roots.recording)),
    artefactRoot: context.roots.recording,
  });
}
