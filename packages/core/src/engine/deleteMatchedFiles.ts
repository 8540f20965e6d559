import { assertDataRootsWritable } from './dataRoots';
import { modifiedAt, pathExists, pathSize, removeAtomically } from './artefactFiles';
import { engineErrors } from './engineErrors';
import { keyId } from './keyId';
import { pathConfinement, type PathConfinement } from './pathConfinement';
import type { RecordingKey, StoredArtefact } from './RecomputePipeline';
import type { RecomputeRow, RecomputeStore } from './RecomputeStore';

/** Options of `delete-files`. */
export interface DeleteFilesOptions {
  /** Report only (the default); pass false to delete. @default true */
  dryRun?: boolean;
  /** Non-interactive confirmation; required when not a dry run. @default false */
  yes?: boolean;
  /** Grace period: keep files created less than this many days ago. @default 7 */
  olderThanDays?: number;
  /** Refuse a deletion of more files than this unless {@link allowLargeDeletion}. @default 500 */
  maxFiles?: number;
  /** Refuse a deletion of more bytes than this unless {@link allowLargeDeletion}. @default 1 TiB */
  maxBytes?: number;
  /** Override the refusal threshold explicitly (`--allow-large-deletion`). @default false */
  allowLargeDeletion?: boolean;
}

/** One file `delete-files` removes (or would remove). */
export interface DeletionEntry<K extends RecordingKey> {
  recording: K;
  path: string;
  bytes: number;
  createdAt: Date;
  /** Regenerated copies in the temp dir removed with it. */
  temporaryPaths: string[];
  /** The original was already gone; only the flag is set. */
  alreadyMissing: boolean;
}

/** Result of `delete-files`. */
export interface DeleteFilesResult<K extends RecordingKey> {
  dryRun: boolean;
  entries: Array<DeletionEntry<K>>;
  /** Bytes freed (or that would be freed). */
  bytes: number;
  /** Matched rows kept by the grace period. */
  tooRecent: number;
  /** Rows whose NULL `created_at` was (or would be) backfilled from the file's mtime. */
  backfilledCreatedAt: number;
  /** True when the plan exceeds the refusal threshold (a real run then needs allowLargeDeletion). */
  exceedsThreshold: boolean;
  /** Matched rows left alone because no hash is stored (run update-ids first). */
  skippedNoHash: number;
}

/** Dependencies handed in by the engine. */
export interface DeleteContext<K extends RecordingKey> {
  store: RecomputeStore<K>;
  dataRoots: readonly string[];
  /** Where originals and copies may be deleted. @default strictly inside one of `dataRoots` */
  confinement?: PathConfinement;
  /** Probe for the owners of `.deleting-` trash entries. @default signal 0 */
  isProcessAlive?: (pid: number) => boolean;
  now: () => Date;
  artefacts: () => Promise<Array<StoredArtefact<K>>>;
  temporaryPath: (artefact: StoredArtefact<K>, envId: string) => string;
  log: (message: string) => void;
}

const DAY_MS = 86_400_000;
/** Plans of at least this many files whose originals are all missing are refused. */
const MANY_MISSING = 3;

/**
 * Deletes originals of matched, not yet deleted recordings older than the grace period.
 * Safety rules: dry run by default; `yes` required; every data root must be present and
 * writable and every path inside one before anything is touched; a plan over the refusal
 * threshold needs `allowLargeDeletion`; per recording the `deleted` flag is committed
 * BEFORE the unlink, and files are removed by atomic rename so an interrupted run never
 * leaves a half-deleted folder at an official path.
 */
export async function deleteMatchedFiles<K extends RecordingKey>(
  context: DeleteContext<K>,
  options: DeleteFilesOptions = {},
): Promise<DeleteFilesResult<K>> {
  const dryRun = options.dryRun !== false;
  const olderThanDays = options.olderThanDays ?? 7;
  const maxFiles = options.maxFiles ?? 500;
  const maxBytes = options.maxBytes ?? 2 ** 40;
  const confinement = context.confinement ?? pathConfinement({ dataRoots: context.dataRoots, tempDir: '' });
  const artefacts = await context.artefacts();
  const byId = new Map(artefacts.map((artefact) => [keyId(artefact.key), artefact]));
  const matched = (await context.store.listRecomputes({ recordings: artefacts.map((artefact) => artefact.key) })).filter((row) => row.matched);
  const live = matched.filter((row) => !row.deleted);
  if (live.length === 0 && matched.length > 0) throw engineErrors.alreadyDeleted(matched.length);

  const cutoff = context.now().getTime() - olderThanDays * DAY_MS;
  const rowsByRecording = new Map<string, Array<RecomputeRow<K>>>();
  let backfilledCreatedAt = 0;
  let tooRecent = 0;
  let skippedNoHash = 0;
  for (const row of live) {
    const artefact = byId.get(keyId(row.recording));
    if (!artefact) continue;
    if (artefact.hash === null) {
      // Never delete what on-demand regeneration could not verify afterwards.
      skippedNoHash += 1;
      continue;
    }
    let createdAt = row.createdAt;
    if (createdAt === null) {
      // Upstream silently skipped NULL created_at; we backfill from the file (now if gone).
      createdAt = (await modifiedAt(artefact.path)) ?? context.now();
      backfilledCreatedAt += 1;
      if (!dryRun) await context.store.updateRecompute(row, { createdAt });
    }
    if (createdAt.getTime() > cutoff) {
      tooRecent += 1;
      continue;
    }
    const id = keyId(row.recording);
    rowsByRecording.set(id, [...(rowsByRecording.get(id) ?? []), row]);
  }

  const entries: Array<DeletionEntry<K>> = [];
  for (const [id, rows] of rowsByRecording) {
    const artefact = byId.get(id) as StoredArtefact<K>;
    confinement.artefact(artefact.path);
    const temporaryPaths = rows.map((row) => context.temporaryPath(artefact, row.envId));
    for (const temporary of temporaryPaths) confinement.temporary(temporary);
    const exists = await pathExists(artefact.path);
    entries.push({
      recording: artefact.key,
      path: artefact.path,
      bytes: exists ? await pathSize(artefact.path) : 0,
      createdAt: rows.map((row) => row.createdAt ?? context.now()).sort((a, b) => a.getTime() - b.getTime())[0] as Date,
      temporaryPaths,
      alreadyMissing: !exists,
    });
  }
  const bytes = entries.reduce((sum, entry) => sum + entry.bytes, 0);
  const exceedsThreshold = entries.length > maxFiles || bytes > maxBytes;
  const result: DeleteFilesResult<K> = { dryRun, entries, bytes, tooRecent, backfilledCreatedAt, exceedsThreshold, skippedNoHash };
  if (entries.length > 0) await assertDataRootsWritable(context.dataRoots);
  if (dryRun || entries.length === 0) return result;
  if (exceedsThreshold && options.allowLargeDeletion !== true) throw engineErrors.deletionTooLarge(entries.length, bytes, maxFiles, maxBytes);
  // Every original already gone looks like an unmounted or moved data root, not like files a
  // user deleted by hand: refuse to flag them all unless told this is intended.
  if (entries.length >= MANY_MISSING && entries.every((entry) => entry.alreadyMissing) && options.allowLargeDeletion !== true) {
    throw engineErrors.originalsAllMissing(entries.length, context.dataRoots);
  }
  if (options.yes !== true) throw engineErrors.confirmationRequired(entries.length, bytes);

  for (const entry of entries) {
    const rows = rowsByRecording.get(keyId(entry.recording)) ?? [];
    // Flag first: a crash after this leaves a flagged row whose file may still exist (safe);
    // the reverse order could leave an unflagged row whose file is gone.
    for (const row of rows) await context.store.updateRecompute(row, { deleted: true });
    await removeAtomically(entry.path);
    for (const temporary of entry.temporaryPaths) await removeAtomically(temporary);
    context.log(`deleted ${entry.path} (${entry.bytes} bytes)`);
  }
  return result;
}
