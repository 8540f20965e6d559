import { existsSync } from 'node:fs';
import { hashNwbFile } from '@spyglass-recompute/nwb';
import type { PipelineContext, Restriction } from '@spyglass-recompute/engine';
import { DEFAULT_ROUNDING, SpikeSortingRecordingV1, type RecomputeEntityManager } from '@spyglass-recompute/schema';
import { createV1Engine } from '../recompute/createV1Engine';
import { readSeriesObjectIds } from './readSeriesObjectIds';
import { V1_HASH_ALGORITHM } from '../recompute/v1PipelineFacts';

/** Options of {@link updateV1Ids}. */
export interface UpdateV1IdsOptions {
  /** Structured restriction (CLI FILTERS). @default every recording */
  restriction?: Restriction;
  /** Also recompute hashes stored with another algorithm (or none recorded). @default false */
  rehashLegacy?: boolean;
  /** Called after each recording is checked (progress display). */
  onProgress?: (done: number, total: number) => void;
}

/** Result of {@link updateV1Ids}. */
export interface UpdateV1IdsResult {
  updated: Array<{ recording_id: string; hash?: string; electrodes_id?: string }>;
  /** Rows that already had both values. */
  unchanged: number;
  /** Rows whose file is not on disk: reported, not fatal. */
  missingFiles: Array<{ recording_id: string; path: string }>;
  failed: Array<{ recording_id: string; message: string }>;
}

/**
 * Spyglass v1 `SpikeSortingRecording.update_ids` (Flow 2): backfills `hash` (+ algorithm) and
 * `electrodes_id` of rows made before the recompute upgrade, from the files on disk.
 */
export async function updateV1Ids(
  em: RecomputeEntityManager,
  context: PipelineContext,
  options: UpdateV1IdsOptions = {},
): Promise<UpdateV1IdsResult> {
  const engine = createV1Engine({ ...context, em });
  const artefacts = await engine.artefacts(options.restriction ?? {});
  const result: UpdateV1IdsResult = { updated: [], unchanged: 0, missingFiles: [], failed: [] };
  for (const [index, artefact] of artefacts.entries()) {
    try {
      const recordingId = artefact.key.recording_id;
      const needsHash =
        artefact.hash === null || (options.rehashLegacy === true && artefact.attributes.hash_algorithm !== V1_HASH_ALGORITHM);
      const needsElectrodes = artefact.attributes.electrodes_id === null;
      if (!needsHash && !needsElectrodes) {
        result.unchanged += 1;
        continue;
      }
      if (!existsSync(artefact.path)) {
        result.missingFiles.push({ recording_id: recordingId, path: artefact.path });
        continue;
      }
      try {
        const patch: { hash?: string; hash_algorithm?: string; electrodes_id?: string } = {};
        if (needsElectrodes) {
          const ids = await readSeriesObjectIds(
            artefact.path,
            artefact.attributes.object_id === null ? undefined : String(artefact.attributes.object_id),
          );
          if (ids.electrodes !== null) patch.electrodes_id = ids.electrodes;
        }
        if (needsHash) {
          patch.hash = (await hashNwbFile(artefact.path, { precision: DEFAULT_ROUNDING })).hash;
          patch.hash_algorithm = V1_HASH_ALGORITHM;
        }
        if (Object.keys(patch).length > 0) await em.fork().nativeUpdate(SpikeSortingRecordingV1, { recording_id: recordingId }, patch);
        result.updated.push({
          recording_id: recordingId,
          ...(patch.hash ? { hash: patch.hash } : {}),
          ...(patch.electrodes_id ? { electrodes_id: patch.electrodes_id } : {}),
        });
      } catch (error) {
        result.failed.push({ recording_id: recordingId, message: error instanceof Error ? error.message : String(error) });
      }
    } finally {
      options.onProgress?.(index + 1, artefacts.length);
    }
  }
  return result;
}
