import {
  MikroOrmRecomputeStore,
  createPipelineEngine,
  type RecomputeEngine,
  type RecomputeModuleContext,
} from '@spyglass-recompute/engine';
import { v0ArtefactRoot } from '../recording/recordingFolderName';
import { V0RecomputePipeline } from './V0RecomputePipeline';
import { v0TableDescriptors } from './v0TableDescriptors';
import type { V0Key } from './V0Key';

/** The recompute engine over the v0 tables with the {@link V0RecomputePipeline}, confined to the recording root + temp. */
export function createV0Engine(context: RecomputeModuleContext): RecomputeEngine<V0Key> {
  return createPipelineEngine<V0Key>(context, {
    pipeline: new V0RecomputePipeline({
      em: context.em,
      roots: context.roots,
      ...(context.filterThreads !== undefined ? { workers: context.filterThreads } : {}),
    }),
    store: new MikroOrmRecomputeStore<V0Key>(context.em, v0TableDescriptors(context.roots)),
    artefactRoot: v0ArtefactRoot(context.roots),
  });
}
