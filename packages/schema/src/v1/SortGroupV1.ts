import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { electrodeGroupNameColumn, electrodeIdColumn, nwbFileNameColumn, sortGroupIdColumn } from '../shared/keyColumns';
import { parentRef } from '../shared/parentRef';
import { Electrode } from '../common/Electrode';
import { Session } from '../common/Session';

/** Spyglass v1 `SortGroup`: electrodes sorted together and their reference. */
export const SortGroupV1 = defineEntity({
  name: 'SortGroupV1',
  tableName: 'spikesorting_v1__sort_group',
  properties: {
    /** FK → `Session.nwb_file_name`. */
    nwb_file_name: nwbFileNameColumn().primary(),
    sort_group_id: sortGroupIdColumn().primary(),
    /** −2: median of the group's channels; −1: no reference; ≥0: that electrode. */
    sort_reference_electrode_id: p
      .integer()
      .default(-1)
      .onCreate(() => -1),
    session: () => parentRef(Session, 'nwb_file_name'),
  },
});
export type SortGroupV1 = InferEntity<typeof SortGroupV1>;

/** Part `SortGroup.SortGroupElectrode`; deleted with its SortGroup (ON DELETE CASCADE). */
export const SortGroupElectrodeV1 = defineEntity({
  name: 'SortGroupElectrodeV1',
  tableName: 'spikesorting_v1__sort_group__sort_group_electrode',
  properties: {
    /** (nwb_file_name, sort_group_id) FK → `SortGroupV1`. */
    nwb_file_name: nwbFileNameColumn().primary(),
    sort_group_id: sortGroupIdColumn().primary(),
    /** (nwb_file_name, electrode_group_name, electrode_id) FK → `Electrode`. */
    electrode_group_name: electrodeGroupNameColumn().primary(),
    electrode_id: electrodeIdColumn().primary(),
    sortGroup: () => parentRef(SortGroupV1, 'nwb_file_name', 'sort_group_id'),
    electrode: () => parentRef(Electrode, 'nwb_file_name', 'electrode_group_name', 'electrode_id'),
  },
});
export type SortGroupElectrodeV1 = InferEntity<typeof SortGroupElectrodeV1>;
