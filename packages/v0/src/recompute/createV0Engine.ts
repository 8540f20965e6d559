import {
  MikroOrmRecomputeStore,
  createPipelineEngine,
  deferredPipeline,
  type RecomputeEngine,
  type RecomputeModuleContext,
} from '@spyglass-recompute/engine';
import { v0ArtefactRoot } from '../recording/recordingFolderName';
import type * as V0RecomputePipelineModule from './V0RecomputePipeline';
import { V0_PIPELINE_FACTS } from './v0PipelineFacts';
import { v0TableDescriptors } from './v0TableDescriptors';
import type { V0Key } from './V0Key';

/**
 * The recompute engine over the v0 tables with the {@link V0RecomputePipeline}, confined to the recording root + temp.
 * The pipeline (the folder writer, preprocessing) loads when a step first runs, so `status`,
 * `list`, `show` and `diff` never load it.
 */
export function createV0Engine(context: RecomputeModuleContext): RecomputeEngine<V0Key> {
  return createPipelineEngine<V0Key>(context, {
    pipeline: deferredPipeline(V0_PIPELINE_FACTS, () => {
      // eslint-disable-next-line @typescript-eslint/no-require-imports -- lazy on purpose (start-up time, see above)
      const { V0RecomputePipeline } = require('./V0RecomputePipeline') as typeof V0RecomputePipelineModule;
      return new V0RecomputePipeline({
        em: context.em,
        roots: context.roots,
        ...(context.filterThreads !== undefined ? { workers: context.filterThreads } : {}),
      });
    }),
    store: new MikroOrmRecomputeStore<V0Key>(context.em, v0TableDescriptors(context.roots)),
    artefactRoot: v0ArtefactRoot(context.roots),
  });
}
