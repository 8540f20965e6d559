import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { nwbFileNameColumn } from '../shared/keyColumns';

/** Spyglass `common_nwbfile.Nwbfile`: a raw NWB file known to the database. */
export const Nwbfile = defineEntity({
  name: 'Nwbfile',
  tableName: 'common__nwbfile',
  properties: {
    nwb_file_name: nwbFileNameColumn().primary(),
    /** Absolute path of the raw file (Spyglass: `filepath@raw`). */
    nwb_file_abs_path: p.string().length(1000),
  },
});
export type Nwbfile = InferEntity<typeof Nwbfile>;
