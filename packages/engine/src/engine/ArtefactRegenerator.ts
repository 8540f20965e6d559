import { promises as fs } from 'node:fs';
import { createHash } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import { isRecomputeError } from '@spyglass-recompute/errors';
import { temporarySibling } from '@spyglass-recompute/nwb';
import { pathExists, processIsAlive, removeAtomically, sweepTemporaries, type CrashPoint } from './artefactFiles';
import { assertInsideDataRoots } from './dataRoots';
import { engineErrors } from './engineErrors';
import { keyId } from './keyId';
import type { PathConfinement } from './pathConfinement';
import type { AttemptParams, RecomputePipeline, RecordingKey } from './RecomputePipeline';
import type { RecomputeStore } from './RecomputeStore';
import { withTimeout } from './withTimeout';

/** What {@link ArtefactRegenerator.ensure} returns (the CLI's `fetch --json`). */
export interface EnsuredArtefact {
  path: string;
  regenerated: boolean;
  /** The stored hash the file is known (or was just verified) to have. */
  hash: string | null;
}

/** Options of {@link ArtefactRegenerator.ensure}. */
export interface EnsureArtefactOptions {
  /** Give up a regeneration after this long. @default no limit */
  timeoutMs?: number;
  /** How long to wait for another process regenerating the same key. @default 1 hour */
  lockWaitMs?: number;
}

/** Dependencies of an {@link ArtefactRegenerator}. */
export interface ArtefactRegeneratorOptions<K extends RecordingKey> {
  pipeline: RecomputePipeline<K>;
  store: RecomputeStore<K>;
  envId: string;
  dataRoots: readonly string[];
  /** Where artefacts may be written. @default strictly inside one of `dataRoots` */
  confinement?: PathConfinement;
  /** Probe for the owners of temporary entries. @default signal 0 */
  isProcessAlive?: (pid: number) => boolean;
  /** Test seam: stop a regeneration at a named point (see {@link CrashPoint}). */
  crashPoint?: CrashPoint;
  /** Directory for cross-process lock files (inside the temp data root). */
  lockDir: string;
  /** Hash parameters the stored hashes were made with. @default pipeline.defaultParams */
  hashParams?: AttemptParams;
}

/**
 * On-demand regeneration: the one chokepoint every read path goes through. A missing
 * artefact is regenerated into a hidden sibling, hashed, and renamed into place only when
 * the hash equals the stored one; otherwise the copy is deleted and `REGENERATED_HASH_MISMATCH`
 * (exit 4) is raised. Concurrent callers in this process share one regeneration; other
 * processes are kept out by a lock file.
 */
export class ArtefactRegenerator<K extends RecordingKey> {
  private readonly inflight = new Map<string, Promise<EnsuredArtefact>>();

  constructor(private readonly options: ArtefactRegeneratorOptions<K>) {}

  private async flaggedDeleted(key: K): Promise<boolean> {
    return (await this.options.store.listRecomputes({ recordings: [key] })).some((row) => row.deleted);
  }

  private async clearDeletedFlags(key: K): Promise<void> {
    for (const row of await this.options.store.listRecomputes({ recordings: [key] })) {
      if (row.deleted) await this.options.store.updateRecompute(row, { deleted: false });
    }
  }

  private assertArtefactPath(target: string): void {
    if (this.options.confinement) this.options.confinement.artefact(target);
    else assertInsideDataRoots(target, this.options.dataRoots);
  }

  /** Ensures the artefact of `key` exists at its official path, regenerating and verifying it if missing. */
  async ensure(key: K, options: EnsureArtefactOptions = {}): Promise<EnsuredArtefact> {
    const artefact = await this.options.store.findArtefact(key);
    if (!artefact) throw engineErrors.artefactNotFound(key);
    if ((await pathExists(artefact.path)) && !(await this.flaggedDeleted(key)))
      return { path: artefact.path, regenerated: false, hash: artefact.hash };
    const id = keyId(key);
    const running = this.inflight.get(id);
    if (running) return running.then((result) => ({ ...result }));
    const work = this.regenerateLocked(key, options).finally(() => this.inflight.delete(id));
    this.inflight.set(id, work);
    return work;
  }

  private async regenerateLocked(key: K, options: EnsureArtefactOptions): Promise<EnsuredArtefact> {
    const lockFile = path.join(this.options.lockDir, `${createHash('md5').update(keyId(key)).digest('hex')}.lock`);
    const release = await acquireLock(lockFile, options.lockWaitMs ?? 3_600_000);
    try {
      // Re-read under the lock: another process may have finished while we waited.
      const artefact = await this.options.store.findArtefact(key);
      if (!artefact) throw engineErrors.artefactNotFound(key);
      const params = this.options.hashParams ?? this.options.pipeline.defaultParams;
      if (await pathExists(artefact.path)) {
        if (!(await this.flaggedDeleted(key))) return { path: artefact.path, regenerated: false, hash: artefact.hash };
        // Present but flagged deleted: a deletion killed before its unlink, or a regeneration
        // killed before it cleared the flag. Verified, the file stays and the flag goes;
        // otherwise the deletion is finished and the file regenerated below.
        if (!artefact.hash) throw engineErrors.hashNotStored(key, artefact.path);
        this.assertArtefactPath(artefact.path);
        if ((await this.options.pipeline.hash(artefact.path, params)).hash === artefact.hash) {
          await this.clearDeletedFlags(key);
          return { path: artefact.path, regenerated: false, hash: artefact.hash };
        }
        await removeAtomically(artefact.path);
      }
      if (!artefact.hash) throw engineErrors.hashNotStored(key, artefact.path);
      this.assertArtefactPath(artefact.path);
      await fs.mkdir(path.dirname(artefact.path), { recursive: true });
      await sweepTemporaries(artefact.path, this.options.isProcessAlive);
      const temporary = temporarySibling(artefact.path, 'regen');
      try {
        const controller = new AbortController();
        try {
          await withTimeout(
            this.options.pipeline.regenerate(artefact, temporary, { params, signal: controller.signal, heartbeat: () => undefined }),
            options.timeoutMs,
            controller,
          );
        } catch (error) {
          throw isRecomputeError(error) ? error : engineErrors.regenerationFailed(key, artefact.path, error);
        }
        const { pipeline } = this.options;
        // Hashed in the stored hash's own algorithm (a Spyglass legacy hash is compared as legacy).
        const actual = pipeline.hashAsStored
          ? await pipeline.hashAsStored(temporary, artefact)
          : (await pipeline.hash(temporary, params)).hash;
        if (actual !== artefact.hash) {
          throw engineErrors.regeneratedHashMismatch({
            key,
            path: artefact.path,
            expected: artefact.hash,
            actual,
            envId: this.options.envId,
          });
        }
        // Rows describing the file (e.g. DataJoint's external checksum) change before it becomes visible.
        await this.options.store.publishRegenerated?.(artefact, temporary);
        try {
          await fs.rename(temporary, artefact.path);
        } catch (error) {
          // A folder cannot be renamed over another: if a concurrent regeneration (whose lock we
          // wrongly broke) already put a verified copy in place, that copy is the answer.
          const code = (error as NodeJS.ErrnoException).code;
          if (!((code === 'ENOTEMPTY' || code === 'EEXIST') && (await pathExists(artefact.path)))) throw error;
        }
        await this.options.crashPoint?.('regen:in-place');
        // The original is back: its matched attempts describe a file on disk again, so it shows
        // as reclaimable (and may be deleted again) rather than as deleted.
        await this.clearDeletedFlags(key);
        return { path: artefact.path, regenerated: true, hash: artefact.hash };
      } finally {
        await fs.rm(temporary, { recursive: true, force: true });
      }
    } finally {
      await release();
    }
  }
}

/**
 * Exclusive lock by creating `file` with O_EXCL, holding `hostname pid`; a lock of this host
 * whose owner pid is dead is stale and broken. Resolves a release function.
 */
async function acquireLock(file: string, waitMs: number): Promise<() => Promise<void>> {
  await fs.mkdir(path.dirname(file), { recursive: true });
  const deadline = Date.now() + waitMs;
  for (;;) {
    try {
      const handle = await fs.open(file, 'wx');
      await handle.writeFile(`${os.hostname()} ${process.pid}`);
      await handle.close();
      return async () => {
        await fs.rm(file, { force: true });
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const content = (await fs.readFile(file, 'utf8').catch(() => '')).trim();
    const [host, pid] = content.split(' ');
    const age = Date.now() - ((await fs.stat(file).catch(() => null))?.mtimeMs ?? Date.now());
    // Empty content for seconds means the owner died between creating and writing the file.
    // A pid only means something on its own host: another host's lock is waited for, not broken.
    const stale = content === '' ? age > 5_000 : host === os.hostname() && !processIsAlive(Number(pid));
    if (stale) {
      await fs.rm(file, { force: true });
      continue;
    }
    if (Date.now() > deadline) {
      throw engineErrors.regenerationTimedOut(waitMs);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
