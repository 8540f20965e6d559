import { UniqueConstraintViolationException, type EntityManager } from '@mikro-orm/core';
import { UserEnvironment } from '@spyglass-recompute/schema';
import type { EnvironmentRecord, EnvironmentSnapshot } from './EnvironmentSnapshot';
import type { EnvironmentStore } from './EnvironmentStore';

/** {@link EnvironmentStore} over the `UserEnvironment` table. */
export class MikroOrmEnvironmentStore implements EnvironmentStore {
  constructor(private readonly em: EntityManager) {}

  async findByHash(envHash: string): Promise<EnvironmentRecord | null> {
    const row = await this.em.fork().findOne(UserEnvironment, { env_hash: envHash });
    return row ? toRecord(row) : null;
  }

  async findById(envId: string): Promise<EnvironmentRecord | null> {
    const row = await this.em.fork().findOne(UserEnvironment, { env_id: envId });
    return row ? toRecord(row) : null;
  }

  async listIdsWithPrefix(prefix: string): Promise<string[]> {
    // `_` and `%` are LIKE wildcards and escaping differs across drivers (SQLite has no
    // default escape character): LIKE only narrows, the exact prefix is checked in JS.
    const rows = await this.em.fork().find(UserEnvironment, { env_id: { $like: `${prefix}%` } });
    return rows.map((row) => row.env_id).filter((id) => id.startsWith(prefix));
  }

  async insert(record: EnvironmentRecord): Promise<'inserted' | 'duplicate'> {
    try {
      await this.em.fork().insert(UserEnvironment, {
        env_id: record.envId,
        env_hash: record.envHash,
        hash_algorithm: 'md5',
        env: record.env as unknown as Record<string, unknown>,
        timestamp: record.timestamp,
        has_editable: record.hasEditable,
      });
      return 'inserted';
    } catch (error) {
      if (error instanceof UniqueConstraintViolationException) return 'duplicate';
      throw error;
    }
  }

  async list(): Promise<EnvironmentRecord[]> {
    const rows = await this.em.fork().find(UserEnvironment, {}, { orderBy: { env_id: 'asc' } });
    return rows.map(toRecord);
  }
}

function toRecord(row: UserEnvironment): EnvironmentRecord {
  return {
    envId: row.env_id,
    envHash: row.env_hash,
    env: row.env as unknown as EnvironmentSnapshot,
    hasEditable: Boolean(row.has_editable),
    timestamp: row.timestamp instanceof Date ? row.timestamp : new Date(row.timestamp as unknown as string),
  };
}
