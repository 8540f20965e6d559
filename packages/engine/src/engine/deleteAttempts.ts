import { InvariantError } from '@spyglass-recompute/errors';
import { attemptErrors } from './attemptErrors';
import { pathExists, pathSize, removeAtomically } from './artefactFiles';
import { selectsAttempt, type AttemptSelector } from './attemptSelector';
import { assertInsideDataRoots } from './dataRoots';
import { attemptId, keyId } from './keyId';
import type { RecordingKey, StoredArtefact } from './RecomputePipeline';
import type { AttemptKey, RecomputeStore } from './RecomputeStore';

/** Options of `attempts delete`. */
export interface DeleteAttemptsOptions {
  /** Only the attempts this selector picks (`--env-id`, `--rounding`, `--matched`/`--mismatched`). */
  attempts?: AttemptSelector;
  /** Report only (the default); pass false to delete. @default true */
  dryRun?: boolean;
  /** Non-interactive confirmation; required when not a dry run. @default false */
  yes?: boolean;
}

/** One attempt `attempts delete` removes (or would remove). */
export interface AttemptDeletionEntry<K extends RecordingKey> extends AttemptKey<K> {
  /** `pending` (no result yet), `matched`, `mismatched`, `error` or `xfail`. */
  state: 'pending' | 'matched' | 'mismatched' | 'error' | 'xfail';
  /** The regenerated copy kept in the temp root, when there is one. */
  temporaryPath: string | null;
  temporaryBytes: number;
}

/** Result of `attempts delete`. */
export interface DeleteAttemptsResult<K extends RecordingKey> {
  dryRun: boolean;
  entries: Array<AttemptDeletionEntry<K>>;
  /** Bytes of regenerated copies freed (or that would be freed). */
  bytes: number;
  /**
   * Matched attempts whose original was deleted: kept, because that row is the record that the
   * original was deleted on purpose after a verified regeneration.
   */
  keptDeletedOriginals: number;
}

/** Dependencies handed in by the engine. */
export interface DeleteAttemptsContext<K extends RecordingKey> {
  store: RecomputeStore<K>;
  /** The temp data root: the only place this operation removes files from. */
  tempRoot: string;
  artefacts: ReadonlyArray<StoredArtefact<K>>;
  temporaryPath: (artefact: StoredArtefact<K>, envId: string) => string;
  log: (message: string) => void;
}

/**
 * Upstream `RecordingRecompute.delete`: removes attempt rows (selection, result and its part
 * rows) and the regenerated copies kept for them under the temp root — never an original (every
 * path is checked to be inside the temp root and not the artefact's own path). Dry run by
 * default; the rows go first (committed), then the copies, so a crash leaves at worst an
 * orphaned copy in the temp root, never a row pointing at a missing copy.
 */
export async function deleteAttempts<K extends RecordingKey>(
  context: DeleteAttemptsContext<K>,
  options: DeleteAttemptsOptions = {},
): Promise<DeleteAttemptsResult<K>> {
  const dryRun = options.dryRun !== false;
  const keys = context.artefacts.map((artefact) => artefact.key);
  const byId = new Map(context.artefacts.map((artefact) => [keyId(artefact.key), artefact]));
  const envId = options.attempts?.envId;
  const rows = new Map((await context.store.listRecomputes({ recordings: keys, envId })).map((row) => [attemptId(row), row]));
  const entries: Array<AttemptDeletionEntry<K>> = [];
  let keptDeletedOriginals = 0;
  for (const selection of await context.store.listSelections({ recordings: keys, envId })) {
    const row = rows.get(attemptId(selection));
    if (!selectsAttempt(options.attempts, selection, row)) continue;
    if (row?.matched === true && row.deleted) {
      keptDeletedOriginals += 1;
      continue;
    }
    const artefact = byId.get(keyId(selection.recording)) as StoredArtefact<K>;
    const temporary = context.temporaryPath(artefact, selection.envId);
    assertInsideDataRoots(temporary, [context.tempRoot]);
    if (temporary === artefact.path)
      throw new InvariantError(`the regenerated copy path ${temporary} is the original's own path`, { path: temporary });
    const exists = await pathExists(temporary);
    entries.push({
      recording: selection.recording,
      envId: selection.envId,
      params: selection.params,
      state:
        selection.xfailReason !== null
          ? 'xfail'
          : !row
            ? 'pending'
            : row.matched
              ? 'matched'
              : row.errMsg !== null
                ? 'error'
                : 'mismatched',
      temporaryPath: exists ? temporary : null,
      temporaryBytes: exists ? await pathSize(temporary) : 0,
    });
  }
  const bytes = entries.reduce((sum, entry) => sum + entry.temporaryBytes, 0);
  const result: DeleteAttemptsResult<K> = { dryRun, entries, bytes, keptDeletedOriginals };
  if (dryRun || entries.length === 0) return result;
  if (options.yes !== true) throw attemptErrors.confirmationRequired(entries.length, bytes);
  await context.store.deleteSelections(entries.map(({ recording, envId: env, params }) => ({ recording, envId: env, params })));
  for (const entry of entries) {
    if (entry.temporaryPath !== null) await removeAtomically(entry.temporaryPath);
  }
  context.log(`deleted ${entries.length} attempt(s) and ${bytes} bytes of regenerated copies`);
  return result;
}
