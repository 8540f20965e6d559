import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { envIdColumn, jsonColumn } from '../shared/keyColumns';

/** Spyglass `UserEnvironment`: a captured software environment that made or remade files. */
export const UserEnvironment = defineEntity({
  name: 'UserEnvironment',
  tableName: 'common__user_environment',
  properties: {
    /** `{user}_{env name}_{NN}`. */
    env_id: envIdColumn().primary(),
    /** Digest of the canonical environment description; UNIQUE. */
    env_hash: p.string().length(32).unique('common__user_environment_uq1'),
    /** Algorithm of `env_hash` (default `md5`). */
    hash_algorithm: p
      .string()
      .length(32)
      .default('md5')
      .onCreate(() => 'md5'),
    /** The full dependency set (name → version, plus runtime facts). */
    env: jsonColumn<Record<string, unknown>>(),
    timestamp: p.datetime().onCreate(() => new Date()),
    /** True when any package is linked/editable: creation-time hashes are then not trusted. */
    has_editable: p
      .boolean()
      .default(false)
      .onCreate(() => false),
  },
});
export type UserEnvironment = InferEntity<typeof UserEnvironment>;
