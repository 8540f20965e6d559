import type { RecordingKey, Restriction } from '../engine/RecomputePipeline';
import type { RecomputeModule, RecomputeModuleContext, UpdateIdsOptions } from './RecomputeModule';

/** What a pipeline's own upgrade backfill reports (the module adds `secondary`). */
export interface IdsBackfillReport {
  /** The machine-readable result (`update-ids --json`), without `secondary`. */
  result: object;
  /** Human lines about the backfill. */
  summary: string[];
}

/** What differs between pipelines in {@link RecomputeModule.fetch} and {@link RecomputeModule.updateIds}. */
export interface PipelineModuleParts<K extends RecordingKey> {
  /** The pipeline's engine (the module's own `createEngine`). */
  createEngine: RecomputeModule<K>['createEngine'];
  /**
   * The pipeline's upgrade backfill (v0: folder hashes; v1: hashes and electrodes ids, optionally
   * re-hashing legacy ones) over `options.restriction`, reporting missing artefacts, not failing.
   */
  backfillIds(context: RecomputeModuleContext, options: UpdateIdsOptions & { restriction: Restriction }): Promise<IdsBackfillReport>;
}

/**
 * The module steps that are the same for every pipeline, written once: `fetch` is the engine's
 * on-demand chokepoint (`ensureArtefact`), and `updateIds` is the pipeline's backfill followed
 * by upstream's `update_secondary` over the same restriction.
 */
export function pipelineModuleSteps<K extends RecordingKey>(
  parts: PipelineModuleParts<K>,
): Pick<RecomputeModule<K>, 'fetch' | 'updateIds'> {
  return {
    fetch: (context, key, options = {}) => parts.createEngine(context).ensureArtefact(key, options),
    async updateIds(context, options = {}) {
      const restriction = options.restriction ?? {};
      const backfill = await parts.backfillIds(context, { ...options, restriction });
      const secondary = await parts.createEngine(context).updateSecondary(restriction);
      return { result: { ...backfill.result, secondary }, summary: backfill.summary };
    },
  };
}
