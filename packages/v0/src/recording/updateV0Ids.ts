import { existsSync } from 'node:fs';
import { matchesRestriction, type PipelineContext, type Restriction } from '@spyglass-recompute/engine';
import { SpikeSortingRecordingV0, type RecomputeEntityManager } from '@spyglass-recompute/schema';
import { hashV0Folder } from '../recompute/hashV0Folder';
import { v0KeyOf, v0TableDescriptors } from '../recompute/v0TableDescriptors';
import type { V0Key } from '../recompute/V0Key';

/** Options of {@link updateV0Ids}. */
export interface UpdateV0IdsOptions {
  /** Structured restriction (CLI FILTERS). @default every recording */
  restriction?: Restriction;
  /** Called after each recording is checked (progress display). */
  onProgress?: (done: number, total: number) => void;
}

/** Result of {@link updateV0Ids}. */
export interface UpdateV0IdsResult {
  updated: Array<{ key: V0Key; hash: string }>;
  /** Rows already carrying a hash. */
  alreadySet: number;
  /** Rows whose folder is not on disk (reported, not fatal). */
  missing: Array<{ key: V0Key; path: string }>;
  /** Rows whose folder could not be hashed. */
  failed: Array<{ key: V0Key; path: string; message: string }>;
}

/**
 * Upgrade backfill (Spyglass `update_ids`): hashes the folders of `SpikeSortingRecording` rows
 * made before the hash column existed and stores `hash` + `hash_algorithm`.
 */
export async function updateV0Ids(
  em: RecomputeEntityManager,
  ctx: Pick<PipelineContext, 'roots'>,
  options: UpdateV0IdsOptions = {},
): Promise<UpdateV0IdsResult> {
  const restriction = options.restriction ?? {};
  const descriptors = v0TableDescriptors(ctx.roots);
  const rows = await em.fork().find(SpikeSortingRecordingV0, {});
  const result: UpdateV0IdsResult = { updated: [], alreadySet: 0, missing: [], failed: [] };
  for (const [index, row] of rows.entries()) {
    try {
      const artefact = await descriptors.toArtefact({ ...row } as Record<string, unknown>, em);
      if (!matchesRestriction(artefact, restriction)) continue;
      const key = v0KeyOf(row as unknown as Record<string, unknown>);
      if (row.hash) {
        result.alreadySet += 1;
        continue;
      }
      if (!existsSync(row.recording_path)) {
        result.missing.push({ key, path: row.recording_path });
        continue;
      }
      try {
        const digest = await hashV0Folder(row.recording_path);
        await em.fork().nativeUpdate(SpikeSortingRecordingV0, { ...key }, { hash: digest.hash, hash_algorithm: digest.algorithm });
        result.updated.push({ key, hash: digest.hash });
      } catch (error) {
        result.failed.push({ key, path: row.recording_path, message: error instanceof Error ? error.message : String(error) });
      }
    } finally {
      options.onProgress?.(index + 1, rows.length);
    }
  }
  return result;
}
