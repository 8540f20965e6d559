import {
  MikroOrmRecomputeStore,
  createPipelineEngine,
  type RecomputeEngine,
  type RecomputeModuleContext,
} from '@spyglass-recompute/engine';
import { AnalysisNwbfile } from '@spyglass-recompute/schema';
import { analysisFilePath, v1ArtefactRoot } from '../nwb/analysisFileName';
import { V1RecomputePipeline } from './V1RecomputePipeline';
import { v1TableDescriptors, type V1RecordingKey } from './v1TableDescriptors';

/** The recompute engine over the v1 tables with the {@link V1RecomputePipeline}, confined to analysis + temp. */
export function createV1Engine(context: RecomputeModuleContext): RecomputeEngine<V1RecordingKey> {
  const { em } = context;
  const artefactRoot = v1ArtefactRoot(context.roots);
  return createPipelineEngine<V1RecordingKey>(context, {
    pipeline: new V1RecomputePipeline({
      em,
      roots: context.roots,
      ...(context.filterThreads !== undefined ? { workers: context.filterThreads } : {}),
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
