import type { EntityManager, EntityName } from '@mikro-orm/core';

/**
 * `em.insertMany` in batches: one multi-row INSERT per batch keeps the bound-parameter count
 * under SQLite's limit (32766) and MySQL's packet size for files with thousands of electrodes.
 */
export async function insertInBatches<T extends object>(
  em: EntityManager,
  entity: EntityName<T>,
  rows: readonly Partial<T>[],
  batchSize = 500,
): Promise<void> {
  for (let start = 0; start < rows.length; start += batchSize) {
    await em.insertMany<T>(entity, rows.slice(start, start + batchSize) as T[]);
  }
}
