import {
  ReferenceKind,
  Utils,
  type EntityData,
  type EntityName,
  type FilterQuery,
  type FindOneOptions,
  type FindOptions,
  type NativeInsertUpdateOptions,
  type Primary,
  type RequiredEntityData,
  type UpdateOptions,
} from '@mikro-orm/core';
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
  protected override processWhere<
    Entity extends object,
    Hint extends string = never,
    Fields extends string = '*',
    Excludes extends string = never,
  >(
    entityName: string,
    where: FilterQuery<Entity>,
    options: FindOptions<Entity, Hint, Fields, Excludes> | FindOneOptions<Entity, Hint, Fields, Excludes>,
    type: 'read' | 'update' | 'delete',
  ): Promise<FilterQuery<Entity>> {
    return super.processWhere(entityName, this.objectifyKeys(entityName, where) as FilterQuery<Entity>, options, type);
  }

  /**
   * Drops values of read-only expression properties (`formula`: the Spyglass layout's derived
   * columns, e.g. `UserEnvironment.hash_algorithm`, which Spyglass's table does not have), so
   * code written for the own layout can keep passing them.
   */
  override insert<Entity extends object>(
    entityNameOrEntity: EntityName<Entity> | Entity,
    data?: Entity | RequiredEntityData<Entity>,
    options?: NativeInsertUpdateOptions<Entity>,
  ): Promise<Primary<Entity>> {
    if (data === undefined) return super.insert(entityNameOrEntity, data, options);
    return super.insert(entityNameOrEntity, this.withoutDerived(entityNameOrEntity, data) as RequiredEntityData<Entity>, options);
  }

  override nativeUpdate<Entity extends object>(
    entityName: EntityName<Entity>,
    where: FilterQuery<Entity>,
    data: EntityData<Entity>,
    options?: UpdateOptions<Entity>,
  ): Promise<number> {
    return super.nativeUpdate(entityName, where, this.withoutDerived(entityName, data) as EntityData<Entity>, options);
  }

  private withoutDerived(entityName: unknown, data: unknown): unknown {
    if (!Utils.isPlainObject(data)) return data;
    const meta = this.getMetadata().find(Utils.className(entityName as EntityName<object>));
    if (!meta) return data;
    const derived = Object.values(meta.properties).filter(
      (prop) => prop.kind === ReferenceKind.SCALAR && prop.formula !== undefined && prop.persist === false,
    );
    if (derived.length === 0) return data;
    const out = { ...(data as Record<string, unknown>) };
    for (const prop of derived) delete out[prop.name];
    return out;
  }

  private objectifyKeys(entityName: string, where: unknown): unknown {
    const meta = this.getMetadata().find(entityName);
    if (!meta?.compositePK) return where;
    const keys = meta.primaryKeys as string[];
    const toObject = (tuple: Tuple) => Object.fromEntries(keys.map((key, i) => [key, tuple[i]]));
    const isTuple = (value: unknown): value is Tuple =>
      Array.isArray(value) &&
      value.length === keys.length &&
      value.every((item) => !Array.isArray(item) && (item === null || typeof item !== 'object' || Buffer.isBuffer(item)));
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
