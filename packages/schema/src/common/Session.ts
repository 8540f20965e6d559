import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { nwbFileNameColumn } from '../shared/keyColumns';
import { parentRef } from '../shared/parentRef';
import { Nwbfile } from './Nwbfile';

/** Spyglass `common_session.Session`: one per raw NWB file. */
export const Session = defineEntity({
  name: 'Session',
  tableName: 'common__session',
  properties: {
    /** FK → `Nwbfile.nwb_file_name`. */
    nwb_file_name: nwbFileNameColumn().primary(),
    session_id: p.string().length(200).nullable(),
    session_description: p
      .string()
      .length(2000)
      .default('')
      .onCreate(() => ''),
    session_start_time: p.datetime().nullable(),
    nwbfile: () => parentRef(Nwbfile, 'nwb_file_name'),
  },
});
export type Session = InferEntity<typeof Session>;
