import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { electrodeGroupNameColumn, nwbFileNameColumn, probeIdColumn } from '../shared/keyColumns';
import { parentRef } from '../shared/parentRef';
import { Probe } from './Probe';
import { Session } from './Session';

/** Spyglass `common_ephys.ElectrodeGroup`. */
export const ElectrodeGroup = defineEntity({
  name: 'ElectrodeGroup',
  tableName: 'common__electrode_group',
  properties: {
    /** FK → `Session.nwb_file_name`. */
    nwb_file_name: nwbFileNameColumn().primary(),
    electrode_group_name: electrodeGroupNameColumn().primary(),
    /** FK → `Probe.probe_id` (nullable). */
    probe_id: probeIdColumn().nullable(),
    description: p
      .string()
      .length(2000)
      .default('')
      .onCreate(() => ''),
    target_hemisphere: p
      .enum(['Right', 'Left', 'Unknown'])
      .default('Unknown')
      .onCreate(() => 'Unknown' as const),
    session: () => parentRef(Session, 'nwb_file_name'),
    probe: () => parentRef(Probe, 'probe_id'),
  },
});
export type ElectrodeGroup = InferEntity<typeof ElectrodeGroup>;
