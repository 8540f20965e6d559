import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { doubleColumn, electrodeGroupNameColumn, electrodeIdColumn, nwbFileNameColumn, probeIdColumn } from '../shared/keyColumns';
import { parentRef } from '../shared/parentRef';
import { ElectrodeGroup } from './ElectrodeGroup';
import { Probe } from './Probe';

/** Spyglass `common_ephys.Electrode`: one row of the NWB electrodes table. */
export const Electrode = defineEntity({
  name: 'Electrode',
  tableName: 'common__electrode',
  properties: {
    /** (nwb_file_name, electrode_group_name) FK → `ElectrodeGroup`. */
    nwb_file_name: nwbFileNameColumn().primary(),
    electrode_group_name: electrodeGroupNameColumn().primary(),
    electrode_id: electrodeIdColumn().primary(),
    /** FK → `Probe.probe_id` (nullable). */
    probe_id: probeIdColumn().nullable(),
    probe_shank: p.integer().nullable(),
    probe_electrode: p.integer().nullable(),
    /** Brain region / NWB `location`. */
    location: p
      .string()
      .length(200)
      .default('')
      .onCreate(() => ''),
    x: doubleColumn().nullable(),
    y: doubleColumn().nullable(),
    z: doubleColumn().nullable(),
    filtering: p
      .string()
      .length(2000)
      .default('')
      .onCreate(() => ''),
    impedance: doubleColumn().nullable(),
    bad_channel: p
      .boolean()
      .default(false)
      .onCreate(() => false),
    original_reference_electrode: p
      .integer()
      .default(-1)
      .onCreate(() => -1),
    electrodeGroup: () => parentRef(ElectrodeGroup, 'nwb_file_name', 'electrode_group_name'),
    probe: () => parentRef(Probe, 'probe_id'),
  },
});
export type Electrode = InferEntity<typeof Electrode>;
