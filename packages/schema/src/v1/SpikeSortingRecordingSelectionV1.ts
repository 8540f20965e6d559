import { defineEntity, type InferEntity } from '@mikro-orm/core';
import { intervalListNameColumn, nwbFileNameColumn, recordingIdColumn, sortGroupIdColumn, teamNameColumn } from '../shared/keyColumns';
import { preprocParamNameColumn } from './preprocParamNameColumn';
import { parentRef } from '../shared/parentRef';
import { IntervalList } from '../common/IntervalList';
import { LabTeam } from '../common/LabTeam';
import { SortGroupV1 } from './SortGroupV1';
import { SpikeSortingPreprocessingParametersV1 } from './SpikeSortingPreprocessingParametersV1';

/**
 * Spyglass v1 `SpikeSortingRecordingSelection`, keyed by a uuid. FKs: (nwb_file_name,
 * sort_group_id) → `SortGroupV1`, (nwb_file_name, interval_list_name) → `IntervalList`,
 * preproc_param_name → parameters, team_name → `LabTeam`.
 */
export const SpikeSortingRecordingSelectionV1 = defineEntity({
  name: 'SpikeSortingRecordingSelectionV1',
  tableName: 'spikesorting_v1__spike_sorting_recording_selection',
  properties: {
    recording_id: recordingIdColumn().primary(),
    nwb_file_name: nwbFileNameColumn(),
    sort_group_id: sortGroupIdColumn(),
    interval_list_name: intervalListNameColumn(),
    preproc_param_name: preprocParamNameColumn(),
    team_name: teamNameColumn(),
    sortGroup: () => parentRef(SortGroupV1, 'nwb_file_name', 'sort_group_id'),
    intervalList: () => parentRef(IntervalList, 'nwb_file_name', 'interval_list_name'),
    params: () => parentRef(SpikeSortingPreprocessingParametersV1, 'preproc_param_name'),
    team: () => parentRef(LabTeam, 'team_name'),
  },
});
export type SpikeSortingRecordingSelectionV1 = InferEntity<typeof SpikeSortingRecordingSelectionV1>;
