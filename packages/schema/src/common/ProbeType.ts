import { defineEntity, p, type InferEntity } from '@mikro-orm/core';

/** Spyglass `common_device.ProbeType`: a probe model. */
export const ProbeType = defineEntity({
  name: 'ProbeType',
  tableName: 'common__probe_type',
  properties: {
    probe_type: p.string().length(80).primary(),
    probe_description: p
      .string()
      .length(2000)
      .default('')
      .onCreate(() => ''),
    manufacturer: p
      .string()
      .length(200)
      .default('')
      .onCreate(() => ''),
    num_shanks: p.integer(),
  },
});
export type ProbeType = InferEntity<typeof ProbeType>;
