import type { EnsuredArtefact, EnsureArtefactOptions, PipelineContext } from '@spyglass-recompute/engine';
import type { RecomputeEntityManager } from '@spyglass-recompute/schema';
import { resolveV0Key } from '../recompute/resolveV0Key';
import type { V0Key } from '../recompute/V0Key';
import { v0RecomputeModule } from '../recompute/v0RecomputeModule';

/**
 * The on-demand chokepoint every v0 read path goes through (Spyglass `load_recording`):
 * returns the folder path, regenerating it from the raw file if it was deleted — verified
 * against the stored hash before it becomes visible (`REGENERATED_HASH_MISMATCH`, exit 4,
 * otherwise; no partial folder is left). `key` may be a folder name.
 */
export async function loadRecordingPath(
  em: RecomputeEntityManager,
  key: V0Key | string,
  ctx: PipelineContext,
  options: EnsureArtefactOptions = {},
): Promise<EnsuredArtefact> {
  const resolved = typeof key === 'string' ? await resolveV0Key(em, key) : key;
  return v0RecomputeModule.fetch({ ...ctx, em }, resolved, options);
}
