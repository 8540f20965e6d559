import { defineEntity, type InferEntity } from '@mikro-orm/core';
import { jsonColumn } from '../shared/keyColumns';
import { preprocParamNameColumn } from './preprocParamNameColumn';

/** Spyglass v1 `SpikeSortingPreprocessingParameters` (lookup). */
export const SpikeSortingPreprocessingParametersV1 = defineEntity({
  name: 'SpikeSortingPreprocessingParametersV1',
  tableName: 'spikesorting_v1__spike_sorting_preprocessing_parameters',
  properties: {
    preproc_param_name: preprocParamNameColumn().primary(),
    /** e.g. `{frequency_min, frequency_max, margin_ms, seed, min_segment_length}`. */
    preproc_params: jsonColumn<Record<string, unknown>>(),
  },
});
export type SpikeSortingPreprocessingParametersV1 = InferEntity<typeof SpikeSortingPreprocessingParametersV1>;
