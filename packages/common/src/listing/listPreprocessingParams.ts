import type { EntityManager } from '@mikro-orm/core';
import { SpikeSortingPreprocessingParametersV0, SpikeSortingPreprocessingParametersV1 } from '@spyglass-recompute/schema';
import type { SpikeSortingPipeline } from '../params/preprocessingParams';

/** One named preprocessing parameter set. */
export interface PreprocessingParamsRow {
  name: string;
  params: Record<string, unknown>;
}

/** A pipeline's preprocessing parameter sets by name (`{v0|v1} params list`). */
export async function listPreprocessingParams(em: EntityManager, pipeline: SpikeSortingPipeline): Promise<PreprocessingParamsRow[]> {
  const rows =
    pipeline === 'v0'
      ? (await em.fork().find(SpikeSortingPreprocessingParametersV0, {}, { orderBy: { preproc_params_name: 'asc' } })).map((r) => ({
          name: r.preproc_params_name,
          params: r.preproc_params as unknown,
        }))
      : (await em.fork().find(SpikeSortingPreprocessingParametersV1, {}, { orderBy: { preproc_param_name: 'asc' } })).map((r) => ({
          name: r.preproc_param_name,
          params: r.preproc_params as unknown,
        }));
  return rows.map(({ name, params }) => ({
    name,
    params: (typeof params === 'string' ? JSON.parse(params) : params) as Record<string, unknown>,
  }));
}
