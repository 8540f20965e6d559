import { Utils, type FilterQuery, type FindOneOptions, type FindOptions } from '@mikro-orm/core';
import { SqlEntityManager, type AbstractSqlDriver } from '@mikro-orm/knex';

type Tuple = unknown[];

/**
 * Entity manager that rewrites primary-key *tuples* of composite-key entities into key objects
 * before MikroORM processes them.
 *
 * Pitfall (MikroORM 6.6.16): `em.findOne(E, [recording_id, env_id, rounding])`, `em.refresh`
 * and `{ 'a~~~b': { $in: [...] } }` turn into `(a, b, c) IN ((…))` tuples whose values skip
 * custom types, so a uuid string was compared against `binary(16)` and matched nothing (on
 * SQLite an upper-case uuid missed too). `{ recording_id, env_id, rounding }` objects take the
 * per-column path that converts each value; this class produces them.
 */
export class KeyNormalizingEntityManager<D extends AbstractSqlDriver = AbstractSqlDriver> extends SqlEntityManager<D> {
  protected override processWhere<Entity extends object, Hint extends string = never, Fields extends string = '*', Excludes extends string = never>(
    entityName: string,
    where: FilterQuery<Entity>,
    options: FindOptions<Entity, Hint, Fields, Excludes> | FindOneOptions<Entity, Hint, Fields, Excludes>,
    type: 'read' | 'update' | 'delete',
  ): Promise<FilterQuery<Entity>> {
    return super.processWhere(entityName, this.objectifyKeys(entityName, where) as FilterQuery<Entity>, options, type);
  }

  private objectifyKeys(entityName: string, where: unknown): unknown {
    const meta = this.getMetadata().find(entityName);
    if (!meta?.compositePK) return where;
    const keys = meta.primaryKeys as string[];
    const toObject = (tuple: Tuple) => Object.fromEntries(keys.map((key, i) => [key, tuple[i]]));
    const isTuple = (value: unknown): value is Tuple =>
      Array.isArray(value) && value.length === keys.length && value.every((item) => !Array.isArray(item) && (item === null || typeof item !== 'object' || Buffer.isBuffer(item)));
    const fromTuples = (value: unknown): unknown => {
      if (isTuple(value)) return toObject(value);
      if (Array.isArray(value) && value.every(isTuple)) return { $or: value.map(toObject) };
      return undefined;
    };
    if (Utils.isEntity(where)) {
      const entity = where as unknown as Record<string, unknown>;
      return Object.fromEntries(keys.map((key) => [key, entity[key]]));
    }
    const direct = fromTuples(where);
    if (direct !== undefined) return direct;
    if (Utils.isPlainObject(where)) {
      const hash = Utils.getPrimaryKeyHash(keys);
      const condition = (where as Record<string, unknown>)[hash];
      if (condition === undefined) return where;
      const inner = Utils.isPlainObject(condition)
        ? fromTuples((condition as Record<string, unknown>).$in ?? (condition as Record<string, unknown>).$eq)
        : fromTuples(condition);
      if (inner === undefined) return where;
      const rest = { ...(where as Record<string, unknown>) };
      delete rest[hash];
      return Object.keys(rest).length === 0 ? inner : { $and: [rest, inner] };
    }
    return where;
  }
}
