import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { intervalListNameColumn, jsonColumn, nwbFileNameColumn } from '../shared/keyColumns';
import { parentRef } from '../shared/parentRef';
import { Session } from './Session';

/** `[start, end]` pairs in seconds (Spyglass stores a numpy `(n, 2)` array). */
export type ValidTimes = Array<[number, number]>;

/** Spyglass `common_interval.IntervalList`: named sets of valid time intervals of a session. */
export const IntervalList = defineEntity({
  name: 'IntervalList',
  tableName: 'common__interval_list',
  properties: {
    /** FK → `Session.nwb_file_name`. */
    nwb_file_name: nwbFileNameColumn().primary(),
    interval_list_name: intervalListNameColumn().primary(),
    valid_times: jsonColumn<ValidTimes>(),
    pipeline: p
      .string()
      .length(64)
      .default('')
      .onCreate(() => ''),
    session: () => parentRef(Session, 'nwb_file_name'),
  },
});
export type IntervalList = InferEntity<typeof IntervalList>;
