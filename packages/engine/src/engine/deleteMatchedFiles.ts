import { assertDataRootsWritable } from './dataRoots';
import { promises as fs } from 'node:fs';
import { deadTemporaries, modifiedAt, pathExists, pathSize, processIsAlive, removeAtomically, type CrashPoint } from './artefactFiles';
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
  /**
   * Called after each file is deleted with how many of the planned files are done and the bytes
   * freed so far (progress display); never called on a dry run.
   */
  onProgress?: (done: number, total: number, bytesFreed: number) => void;
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
  /**
   * A deletion an earlier run flagged but did not finish (killed between the flag and the unlink,
   * or after the move to trash): its file and `.deleting-` trash of dead processes are removed now.
   */
  resumed: boolean;
  /** Trash entries (`.{name}.deleting-{host}-{pid}-…`) of dead processes removed with it. */
  trashPaths: string[];
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
  /** Test seam: called at named points of a deletion, so tests can stop it there like a kill would. */
  crashPoint?: CrashPoint;
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
 * leaves a half-deleted folder at an official path. Resumable: a rerun finishes the rows an
 * interrupted run flagged whose file or `.deleting-` trash (of a dead process) is still there.
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
  const matched = (await context.store.listRecomputes({ recordings: artefacts.map((artefact) => artefact.key) })).filter(
    (row) => row.matched,
  );
  const live = matched.filter((row) => !row.deleted);
  const isAlive = context.isProcessAlive ?? processIsAlive;

  // Flagged rows whose file or trash is still on disk: an earlier run was killed after committing
  // the flag. Their deletion was already decided, so they are finished regardless of the grace
  // period (and so are matched rows of the same recording that run had not flagged yet).
  const unfinished = new Map<string, { present: boolean; trash: string[] }>();
  for (const row of matched.filter((candidate) => candidate.deleted)) {
    const id = keyId(row.recording);
    const artefact = byId.get(id);
    if (!artefact || unfinished.has(id)) continue;
    const present = await pathExists(artefact.path);
    const trash = await deadTemporaries(artefact.path, ['deleting'], isAlive);
    if (present || trash.length > 0) unfinished.set(id, { present, trash });
  }
  if (live.length === 0 && unfinished.size === 0 && matched.length > 0) throw engineErrors.alreadyDeleted(matched.length);

  const cutoff = context.now().getTime() - olderThanDays * DAY_MS;
  const rowsByRecording = new Map<string, Array<RecomputeRow<K>>>();
  let backfilledCreatedAt = 0;
  let tooRecent = 0;
  let skippedNoHash = 0;
  for (const row of live) {
    const artefact = byId.get(keyId(row.recording));
    if (!artefact) continue;
    if (unfinished.has(keyId(row.recording))) {
      rowsByRecording.set(keyId(row.recording), [...(rowsByRecording.get(keyId(row.recording)) ?? []), row]);
      continue;
    }
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
    // Planned with its backfilled created_at, so the entry reports it (not "now") on a dry run too.
    rowsByRecording.set(id, [...(rowsByRecording.get(id) ?? []), { ...row, createdAt }]);
  }
  for (const id of unfinished.keys()) if (!rowsByRecording.has(id)) rowsByRecording.set(id, []);

  const entries: Array<DeletionEntry<K>> = [];
  for (const [id, rows] of rowsByRecording) {
    const artefact = byId.get(id) as StoredArtefact<K>;
    confinement.artefact(artefact.path);
    const resumed = unfinished.get(id);
    const envIds = new Set([...rows, ...matched.filter((row) => keyId(row.recording) === id)].map((row) => row.envId));
    const temporaryPaths = [...envIds].map((envId) => context.temporaryPath(artefact, envId));
    for (const temporary of temporaryPaths) confinement.temporary(temporary);
    const trashPaths = resumed?.trash ?? [];
    for (const trash of trashPaths) confinement.artefact(trash);
    const exists = resumed ? resumed.present : await pathExists(artefact.path);
    let bytes = exists ? await pathSize(artefact.path) : 0;
    for (const trash of trashPaths) bytes += await pathSize(trash);
    entries.push({
      recording: artefact.key,
      path: artefact.path,
      bytes,
      createdAt: rows.map((row) => row.createdAt ?? context.now()).sort((a, b) => a.getTime() - b.getTime())[0] ?? context.now(),
      temporaryPaths,
      alreadyMissing: !exists && trashPaths.length === 0,
      resumed: resumed !== undefined,
      trashPaths,
    });
  }
  const bytes = entries.reduce((sum, entry) => sum + entry.bytes, 0);
  const exceedsThreshold = entries.length > maxFiles || bytes > maxBytes;
  const result: DeleteFilesResult<K> = { dryRun, entries, bytes, tooRecent, backfilledCreatedAt, exceedsThreshold, skippedNoHash };
  if (entries.length > 0) await assertDataRootsWritable(context.dataRoots);
  if (dryRun || entries.length === 0) return result;
  if (exceedsThreshold && options.allowLargeDeletion !== true)
    throw engineErrors.deletionTooLarge(entries.length, bytes, maxFiles, maxBytes);
  // Every original already gone looks like an unmounted or moved data root, not like files a
  // user deleted by hand: refuse to flag them all unless told this is intended.
  if (entries.length >= MANY_MISSING && entries.every((entry) => entry.alreadyMissing) && options.allowLargeDeletion !== true) {
    throw engineErrors.originalsAllMissing(entries.length, context.dataRoots);
  }
  if (options.yes !== true) throw engineErrors.confirmationRequired(entries.length, bytes);

  let done = 0;
  let bytesFreed = 0;
  for (const entry of entries) {
    const rows = rowsByRecording.get(keyId(entry.recording)) ?? [];
    // Flag first: a crash after this leaves a flagged row whose file may still exist (safe);
    // the reverse order could leave an unflagged row whose file is gone.
    for (const row of rows) await context.store.updateRecompute(row, { deleted: true });
    await context.crashPoint?.('delete:flagged');
    await removeAtomically(entry.path, context.crashPoint);
    for (const trash of entry.trashPaths) await fs.rm(trash, { recursive: true, force: true });
    for (const temporary of entry.temporaryPaths) await removeAtomically(temporary);
    context.log(`${entry.resumed ? 'finished deleting' : 'deleted'} ${entry.path} (${entry.bytes} bytes)`);
    done += 1;
    bytesFreed += entry.bytes;
    options.onProgress?.(done, entries.length, bytesFreed);
  }
  return result;
}
