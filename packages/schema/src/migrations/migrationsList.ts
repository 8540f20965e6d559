import type { MigrationObject } from '@mikro-orm/core';
import { Migration20261125000000BaseLayout } from './Migration20261125000000BaseLayout';
import { Migration20261125010000RecomputeUpgrade } from './Migration20261125010000RecomputeUpgrade';

/**
 * Every migration, in order. Listed explicitly (not globbed) so they load the same way from
 * `dist/` and from jest's `src/`.
 */
export const migrationsList: MigrationObject[] = [
  { name: 'Migration20261125000000BaseLayout', class: Migration20261125000000BaseLayout },
  { name: 'Migration20261125010000RecomputeUpgrade', class: Migration20261125010000RecomputeUpgrade },
];

export { MIGRATIONS_TABLE } from './migrationNames';
