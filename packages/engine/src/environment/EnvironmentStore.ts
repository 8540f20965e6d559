import type { EnvironmentRecord } from './EnvironmentSnapshot';

/** Access to the `UserEnvironment` table (in-memory, MikroORM, or a real Spyglass DB). */
export interface EnvironmentStore {
  findByHash(envHash: string): Promise<EnvironmentRecord | null>;
  findById(envId: string): Promise<EnvironmentRecord | null>;
  /** Every env id starting with `prefix`. */
  listIdsWithPrefix(prefix: string): Promise<string[]>;
  /** Inserts; resolves `duplicate` (no throw) when env_id or env_hash is already taken. */
  insert(record: EnvironmentRecord): Promise<'inserted' | 'duplicate'>;
  /** All rows, ordered by env id. */
  list(): Promise<EnvironmentRecord[]>;
}
