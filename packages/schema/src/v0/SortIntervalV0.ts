import { defineEntity, type InferEntity } from '@mikro-orm/core';
import { jsonColumn, nwbFileNameColumn } from '../shared/keyColumns';
import { sortIntervalNameColumn } from './recordingKeyColumns';
import { parentRef } from '../shared/parentRef';
import { Session } from '../common/Session';

/** Spyglass v0 `SortInterval`: one `[start, end]` time window (seconds) of a session. */
export const SortIntervalV0 = defineEntity({
  name: 'SortIntervalV0',
  tableName: 'spikesorting_v0__sort_interval',
  properties: {
    /** FK → `Session.nwb_file_name`. */
    nwb_file_name: nwbFileNameColumn().primary(),
    sort_interval_name: sortIntervalNameColumn().primary(),
    sort_interval: jsonColumn<[number, number] | Array<[number, number]>>(),
    session: () => parentRef(Session, 'nwb_file_name'),
  },
});
export type SortIntervalV0 = InferEntity<typeof SortIntervalV0>;
