import { defineEntity, type InferEntity } from '@mikro-orm/core';
import { intervalListNameColumn } from '../shared/keyColumns';
import { v0RecordingKeyColumns } from './recordingKeyColumns';
import { parentRef } from '../shared/parentRef';
import { IntervalList } from '../common/IntervalList';
import { LabTeam } from '../common/LabTeam';
import { SortGroupV0 } from './SortGroupV0';
import { SortIntervalV0 } from './SortIntervalV0';
import { SpikeSortingPreprocessingParametersV0 } from './SpikeSortingPreprocessingParametersV0';

/**
 * Spyglass v0 `SpikeSortingRecordingSelection`. Key: SortGroup + SortInterval + preprocessing
 * parameters + LabTeam (each an FK); `interval_list_name` is an FK → `IntervalList`.
 */
export const SpikeSortingRecordingSelectionV0 = defineEntity({
  name: 'SpikeSortingRecordingSelectionV0',
  tableName: 'spikesorting_v0__spike_sorting_recording_selection',
  properties: {
    ...v0RecordingKeyColumns(),
    interval_list_name: intervalListNameColumn(),
    sortGroup: () => parentRef(SortGroupV0, 'nwb_file_name', 'sort_group_id'),
    sortInterval: () => parentRef(SortIntervalV0, 'nwb_file_name', 'sort_interval_name'),
    params: () => parentRef(SpikeSortingPreprocessingParametersV0, 'preproc_params_name'),
    team: () => parentRef(LabTeam, 'team_name'),
    intervalList: () => parentRef(IntervalList, 'nwb_file_name', 'interval_list_name'),
  },
});
export type SpikeSortingRecordingSelectionV0 = InferEntity<typeof SpikeSortingRecordingSelectionV0>;
