import { p } from '@mikro-orm/core';
import { nwbFileNameColumn, sortGroupIdColumn, teamNameColumn } from '../shared/keyColumns';

/** `sort_interval_name: varchar(64)`. */
export const sortIntervalNameColumn = () => p.string().length(64);
/** `preproc_params_name: varchar(32)` (v0 spelling; v1 says `preproc_param_name`). */
export const preprocParamsNameColumn = () => p.string().length(32);

/**
 * The primary key of a v0 recording (`SpikeSortingRecordingSelection`), spread into every
 * table below it. Fresh builders on each call.
 */
export const v0RecordingKeyColumns = () => ({
  nwb_file_name: nwbFileNameColumn().primary(),
  sort_group_id: sortGroupIdColumn().primary(),
  sort_interval_name: sortIntervalNameColumn().primary(),
  preproc_params_name: preprocParamsNameColumn().primary(),
  team_name: teamNameColumn().primary(),
});

/** A v0 recording key as DataJoint prints it. */
export interface V0RecordingKey {
  nwb_file_name: string;
  sort_group_id: number;
  sort_interval_name: string;
  preproc_params_name: string;
  team_name: string;
}
