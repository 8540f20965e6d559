import type { EntityManager } from '@mikro-orm/core';
import type { EnsuredArtefact, EnsureArtefactOptions } from '@spyglass-recompute/engine';
import { createV0Engine } from '../recompute/createV0Engine';
import { resolveV0Key } from '../recompute/resolveV0Key';
import type { V0Context } from './createV0Recording';
import type { V0Key } from '../recompute/V0Key';

/**
 * The on-demand chokepoint every v0 read path goes through (Spyglass `load_recording`):
 * returns the folder path, regenerating it from the raw file if it was deleted — verified
 * against the stored hash before it becomes visible (`REGENERATED_HASH_MISMATCH`, exit 4,
 * otherwise; no partial folder is left). `key` may be a folder name.
 */
export async function loadRecordingPath(
  em: EntityManager,
  key: V0Key | string,
  ctx: V0Context,
  options: EnsureArtefactOptions = {},
): Promise<EnsuredArtefact> {
  const resolved = typeof key === 'string' ? await resolveV0Key(em, key) : key;
  const engine = createV0Engine(
    { em: em as never, roots: ctx.roots, environment: ctx.environment, ...(ctx.now ? { now: ctx.now } : {}), ...(ctx.log ? { log: ctx.log } : {}) },
    ctx.workers !== undefined ? { workers: ctx.workers } : {},
  );
  return engine.ensureArtefact(resolved, options);
}
