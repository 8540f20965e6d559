import { defineEntity, type InferEntity } from '@mikro-orm/core';
import { jsonColumn } from '../shared/keyColumns';
import { preprocParamsNameColumn } from './recordingKeyColumns';

/** Spyglass v0 `SpikeSortingPreprocessingParameters` (lookup). */
export const SpikeSortingPreprocessingParametersV0 = defineEntity({
  name: 'SpikeSortingPreprocessingParametersV0',
  tableName: 'spikesorting_v0__spike_sorting_preprocessing_parameters',
  properties: {
    preproc_params_name: preprocParamsNameColumn().primary(),
    /** e.g. `{frequency_min, frequency_max, margin_ms, seed, min_segment_length}`. */
    preproc_params: jsonColumn<Record<string, unknown>>(),
  },
});
export type SpikeSortingPreprocessingParametersV0 = InferEntity<typeof SpikeSortingPreprocessingParametersV0>;
