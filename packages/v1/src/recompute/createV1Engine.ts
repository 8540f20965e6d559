import {
  MikroOrmRecomputeStore,
  createPipelineEngine,
  deferredPipeline,
  type RecomputeEngine,
  type RecomputeModuleContext,
} from '@spyglass-recompute/engine';
import { AnalysisNwbfile } from '@spyglass-recompute/schema';
import { analysisFilePath, v1ArtefactRoot } from '../nwb/analysisFileName';
import type * as V1RecomputePipelineModule from './V1RecomputePipeline';
import { V1_PIPELINE_FACTS } from './v1PipelineFacts';
import { v1TableDescriptors, type V1RecordingKey } from './v1TableDescriptors';

/**
 * The recompute engine over the v1 tables with the {@link V1RecomputePipeline}, confined to analysis + temp.
 * The pipeline (the writer, preprocessing, the NWB readers) loads when a step first runs, so
 * `status`, `list`, `show` and `diff` never load it.
 */
export function createV1Engine(context: RecomputeModuleContext): RecomputeEngine<V1RecordingKey> {
  const { em } = context;
  const artefactRoot = v1ArtefactRoot(context.roots);
  return createPipelineEngine<V1RecordingKey>(context, {
    pipeline: deferredPipeline(V1_PIPELINE_FACTS, () => {
      // eslint-disable-next-line @typescript-eslint/no-require-imports -- lazy on purpose (start-up time, see above)
      const { V1RecomputePipeline } = require('./V1RecomputePipeline') as typeof V1RecomputePipelineModule;
      return new V1RecomputePipeline({
        em,
        roots: context.roots,
        ...(context.filterThreads !== undefined ? { workers: context.filterThreads } : {}),
      });
    }),
    store: new MikroOrmRecomputeStore<V1RecordingKey>(em, v1TableDescriptors(context.roots, em)),
    artefactRoot,
    // The analysis root holds every AnalysisNwbfile (spike sorting, curation, ...), not only
    // recordings: none of them is "untracked" to `cleanup`.
    referencedPaths: async () =>
      (await em.fork().find(AnalysisNwbfile, {}, { fields: ['analysis_file_name', 'analysis_file_abs_path'] })).flatMap((row) => [
        row.analysis_file_abs_path,
        analysisFilePath(artefactRoot, row.analysis_file_name),
      ]),
  });
}
