import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import { externalFilepathHash, formatUuid, uuidToBinary } from '@spyglass-recompute/datajoint';
import { schemaErrors } from '../schemaErrors';
import type { SqlQuery } from './inspectSpyglassDatabase';

/** The `~external_<store>` row values {@link refreshExternalChecksum} wrote. */
export interface ExternalChecksum {
  /** The row's `hash`: md5 of `filepath` as a uuid (the `filepath@store` column value). */
  hash: string;
  size: number;
  /** md5 of the file's bytes as a uuid. */
  contentsHash: string;
}

/**
 * Sets `size` and `contents_hash` of the `~external_<store>` row of `filepath` (relative to the
 * store) to those of the file at `absolutePath`, as Spyglass's `_resolve_external` does after a
 * file is regenerated, so DataJoint's fetch checksum passes again. Run it through the same
 * transaction that records the regeneration, before the file becomes visible. Touches that one
 * row only.
 *
 * @throws RecomputeError `EXTERNAL_ROW_MISSING` when the store has no row for `filepath`.
 */
export async function refreshExternalChecksum(
  query: SqlQuery,
  options: { schemaPrefix: string; store: string; filepath: string; absolutePath: string },
): Promise<ExternalChecksum> {
  const { schemaPrefix, store, filepath, absolutePath } = options;
  const size = (await stat(absolutePath)).size;
  const md5 = createHash('md5');
  for await (const chunk of createReadStream(absolutePath)) md5.update(chunk as Buffer);
  const contentsHash = formatUuid(md5.digest());
  const hash = externalFilepathHash(filepath);
  const table = `\`${schemaPrefix}common_nwbfile\`.\`~external_${store.replace(/`/g, '')}\``;
  const rows = await query(`SELECT filepath FROM ${table} WHERE hash = ? FOR UPDATE`, [Buffer.from(uuidToBinary(hash))]);
  if (rows.length !== 1 || rows[0]!.filepath !== filepath) {
    throw schemaErrors.externalRowMissing(table, store, filepath, hash);
  }
  await query(`UPDATE ${table} SET size = ?, contents_hash = ? WHERE hash = ?`, [
    size,
    Buffer.from(uuidToBinary(contentsHash)),
    Buffer.from(uuidToBinary(hash)),
  ]);
  return { hash, size, contentsHash };
}
