import type { EntityManager } from '@mikro-orm/core';
import type { DataRoots } from '@spyglass-recompute/nwb';
import { MikroOrmRecomputeStore, createPipelineEngine, type CrashPoint, type EngineEnvironment, type RecomputeEngine } from '@spyglass-recompute/engine';
import { AnalysisNwbfile } from '@spyglass-recompute/schema';
import { analysisFilePath } from '../nwb/analysisFileName';
import { V1RecomputePipeline } from './V1RecomputePipeline';
import { v1TableDescriptors, type V1RecordingKey } from './v1TableDescriptors';

/** What the v1 engine is built from (the shape of `RecomputeModuleContext` without `em`). */
export interface V1EngineContext {
  roots: DataRoots;
  environment: EngineEnvironment;
  /** @default () => new Date() */
  now?: () => Date;
  log?: (message: string) => void;
  /** Filter worker threads per regeneration. @default preprocessing's default */
  workers?: number;
  /** Test seam: stop a deletion or regeneration at a named point (see {@link CrashPoint}). @default none */
  crashPoint?: CrashPoint;
}

/** The recompute engine over the v1 tables with the {@link V1RecomputePipeline}, confined to analysis + temp. */
export function createV1Engine(em: EntityManager, context: V1EngineContext): RecomputeEngine<V1RecordingKey> {
  return createPipelineEngine<V1RecordingKey>(context, {
    pipeline: new V1RecomputePipeline({ em, roots: context.roots, ...(context.workers !== undefined ? { workers: context.workers } : {}) }),
    store: new MikroOrmRecomputeStore<V1RecordingKey>(em, v1TableDescriptors(context.roots, em)),
    artefactRoot: context.roots.analysis,
    // The analysis root holds every AnalysisNwbfile (spike sorting, curation, ...), not only
    // recordings: none of them is "untracked" to `cleanup`.
    referencedPaths: async () =>
      (await em.fork().find(AnalysisNwbfile, {}, { fields: ['analysis_file_name', 'analysis_file_abs_path'] })).flatMap((row) => [
        row.analysis_file_abs_path,
        analysisFilePath(context.roots.analysis, row.analysis_file_name),
      ]),
  });
}
