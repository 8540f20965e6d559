import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { teamNameColumn } from '../shared/keyColumns';

/** Spyglass `common_lab.LabTeam`. */
export const LabTeam = defineEntity({
  name: 'LabTeam',
  tableName: 'common__lab_team',
  properties: {
    team_name: teamNameColumn().primary(),
    team_description: p
      .string()
      .length(2000)
      .default('')
      .onCreate(() => ''),
  },
});
export type LabTeam = InferEntity<typeof LabTeam>;
