import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { probeIdColumn } from '../shared/keyColumns';
import { parentRef } from '../shared/parentRef';
import { ProbeType } from './ProbeType';

/** Spyglass `common_device.Probe`: a physical probe; `probe_type` is an FK → `ProbeType`. */
export const Probe = defineEntity({
  name: 'Probe',
  tableName: 'common__probe',
  properties: {
    probe_id: probeIdColumn().primary(),
    /** FK → `ProbeType.probe_type` (insert the ProbeType first). */
    probe_type: p.string().length(80),
    probe_description: p
      .string()
      .length(2000)
      .default('')
      .onCreate(() => ''),
    num_shanks: p.integer(),
    /** Spyglass stores `enum('True','False')`; a boolean here. */
    contact_side_numbering: p
      .boolean()
      .default(true)
      .onCreate(() => true),
    probeType: () => parentRef(ProbeType, 'probe_type'),
  },
});
export type Probe = InferEntity<typeof Probe>;
