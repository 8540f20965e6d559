import type { EnvironmentRecord } from './EnvironmentSnapshot';
import type { EnvironmentStore } from './EnvironmentStore';

/** {@link EnvironmentStore} kept in memory: tests and dry runs without a database. */
export class InMemoryEnvironmentStore implements EnvironmentStore {
  private readonly rows = new Map<string, EnvironmentRecord>();

  async findByHash(envHash: string): Promise<EnvironmentRecord | null> {
    return [...this.rows.values()].find((row) => row.envHash === envHash) ?? null;
  }

  async findById(envId: string): Promise<EnvironmentRecord | null> {
    return this.rows.get(envId) ?? null;
  }

  async listIdsWithPrefix(prefix: string): Promise<string[]> {
    return [...this.rows.keys()].filter((id) => id.startsWith(prefix));
  }

  async insert(record: EnvironmentRecord): Promise<'inserted' | 'duplicate'> {
    if (this.rows.has(record.envId) || (await this.findByHash(record.envHash))) return 'duplicate';
    this.rows.set(record.envId, record);
    return 'inserted';
  }

  async list(): Promise<EnvironmentRecord[]> {
    return [...this.rows.values()].sort((x, y) => x.envId.localeCompare(y.envId));
  }
}
