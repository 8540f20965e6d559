import { p, type EntitySchema } from '@mikro-orm/core';

/**
 * A navigation-only many-to-one over foreign-key columns that scalar properties own.
 *
 * Why: keys stay plain snake_case scalars (DataJoint-style key objects work in `em.create` and
 * `em.find`), while the relation (a) gives the unit of work the parent → child insert order
 * (without it, MikroORM orders unrelated tables arbitrarily and FK checks fail) and (b) allows
 * joins (`qb.join('r.selection', 's')`, `{ selection: { logged_at_creation: true } }`).
 * `persist(false)`: the relation never writes its columns. Composite ones need
 * `discovery.checkNonPersistentCompositeProps: false` (set by `createOrmConfig`).
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function parentRef<Target extends EntitySchema<any, any>>(target: Target, ...joinColumns: string[]) {
  return p
    .manyToOne(target)
    .joinColumns(...joinColumns)
    .persist(false)
    .nullable();
}
