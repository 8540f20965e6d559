import { modifiedAt } from './artefactFiles';
import { keyId } from './keyId';
import type { RecordingKey, StoredArtefact } from './RecomputePipeline';
import type { AttemptKey, RecomputeStore } from './RecomputeStore';

/** One attempt row whose secondary columns `updateSecondary` changed. */
export interface SecondaryChange<K extends RecordingKey> extends AttemptKey<K> {
  createdAt?: { from: Date | null; to: Date };
  deleted?: { from: boolean; to: boolean };
}

/** Result of {@link updateSecondary}. */
export interface UpdateSecondaryResult<K extends RecordingKey> {
  /** Attempt rows looked at. */
  checked: number;
  changed: Array<SecondaryChange<K>>;
}

/** Dependencies handed in by the engine. */
export interface UpdateSecondaryContext<K extends RecordingKey> {
  store: RecomputeStore<K>;
  artefacts: ReadonlyArray<StoredArtefact<K>>;
  now: () => Date;
}

/** Datetime columns keep whole seconds (MySQL rounds, SQLite may keep ms): closer than this is "the same". */
const SAME_TIME_MS = 1000;

/**
 * Upstream `RecordingRecompute.update_secondary`: sets `created_at` of every attempt row to its
 * original's modification time and `deleted` to whether the original is gone. Where the
 * original is gone, a known `created_at` is kept (upstream would write "now"; a NULL one
 * becomes now). Only flags change: no file is touched.
 */
export async function updateSecondary<K extends RecordingKey>(context: UpdateSecondaryContext<K>): Promise<UpdateSecondaryResult<K>> {
  const byId = new Map(context.artefacts.map((artefact) => [keyId(artefact.key), artefact]));
  const rows = await context.store.listRecomputes({ recordings: context.artefacts.map((artefact) => artefact.key) });
  const result: UpdateSecondaryResult<K> = { checked: rows.length, changed: [] };
  for (const row of rows) {
    const artefact = byId.get(keyId(row.recording));
    if (!artefact) continue;
    const mtime = await modifiedAt(artefact.path);
    const createdAt = mtime ?? row.createdAt ?? context.now();
    const deleted = mtime === null;
    const change: SecondaryChange<K> = { recording: row.recording, envId: row.envId, params: row.params };
    const patch: { createdAt?: Date; deleted?: boolean } = {};
    if (row.createdAt === null || Math.abs(row.createdAt.getTime() - createdAt.getTime()) >= SAME_TIME_MS) {
      patch.createdAt = createdAt;
      change.createdAt = { from: row.createdAt, to: createdAt };
    }
    if (row.deleted !== deleted) {
      patch.deleted = deleted;
      change.deleted = { from: row.deleted, to: deleted };
    }
    if (Object.keys(patch).length === 0) continue;
    await context.store.updateRecompute(row, patch);
    result.changed.push(change);
  }
  return result;
}
