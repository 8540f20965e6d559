import { ReferenceKind, type MetadataStorage } from '@mikro-orm/core';
import { UuidTupleType } from '../types/UuidTupleType';
import { UuidType } from '../types/UuidType';

/**
 * MikroORM 6.6 `afterDiscovered` hook for the navigation relations made by `parentRef`.
 *
 * 1. Discovery gives every non-persistent to-one relation a formula that reads only its first
 *    join column (`MetadataDiscovery.initRelation`), so a composite join came out as
 *    `h.recording_id = m.recording_id AND h.recording_id = m.env_id AND …`, and every select
 *    repeated the column (`x.recording_id as recording_id`, a duplicate-column error inside a
 *    derived table). Without the formula the regular join path pairs every owner column with
 *    its referenced column, and the scalar property already selects the column.
 * 2. Composite relations whose key holds a uuid get {@link UuidTupleType}, so filtering by the
 *    relation's key (`{ master: { recording_id, env_id, rounding } }` or `{ master: [..] }`)
 *    converts the uuid like a plain `{ recording_id }` condition does.
 */
export function fixNavigationRelations(storage: MetadataStorage): void {
  for (const meta of Object.values(storage.getAll())) {
    for (const prop of meta.relations) {
      if (prop.kind !== ReferenceKind.MANY_TO_ONE) continue;
      if (prop.persist === false) delete prop.formula;
      if ((prop.fieldNames?.length ?? 0) > 1 && !prop.customType && prop.customTypes?.some((type) => type instanceof UuidType)) {
        prop.customType = new UuidTupleType();
      }
    }
  }
}
