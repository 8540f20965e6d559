import { lstatSync, promises as fs } from 'node:fs';
import path from 'node:path';
import {
  isTemporaryOf,
  ownerIsDead,
  parseTemporaryName,
  processIsAlive,
  temporarySibling,
  type ParsedTemporaryName,
  type TemporaryTag,
} from '@spyglass-recompute/nwb';

export { processIsAlive } from '@spyglass-recompute/nwb';

/**
 * Bytes used by a file or, recursively, a folder (symlinks are not followed); 0 when absent.
 *
 * The path itself is looked at with a synchronous lstat that reports absence without an
 * exception: `status` sizes every matched file and every kept copy (thousands of paths, most
 * copies absent), and an awaited lstat rejecting with ENOENT cost about ten times the CPU
 * (the promise, the thread-pool round trip and the error with its stack; issue 15).
 */
export async function pathSize(target: string): Promise<number> {
  const stat = lstatSync(target, { throwIfNoEntry: false });
  if (stat === undefined) return 0;
  if (!stat.isDirectory()) return stat.size;
  let total = 0;
  for (const entry of await fs.readdir(target)) total += await pathSize(path.join(target, entry));
  return total;
}

/** True when something (file, folder or link) exists at `target` (a synchronous lstat, as in {@link pathSize}). */
export async function pathExists(target: string): Promise<boolean> {
  return lstatSync(target, { throwIfNoEntry: false }) !== undefined;
}

/** Modification time of `target`, or null when it does not exist. */
export async function modifiedAt(target: string): Promise<Date | null> {
  try {
    return (await fs.stat(target)).mtime;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

/**
 * Test seam of the deletion and regeneration steps: called with the name of the point reached
 * (`delete:flagged`, `delete:moved-to-trash`, `regen:in-place`); a test throws from it to stop
 * there as a kill would (the tests give the leftovers a dead owner pid).
 */
export type CrashPoint = (point: 'delete:flagged' | 'delete:moved-to-trash' | 'regen:in-place') => void | Promise<void>;

/**
 * Temporary siblings of `target` with one of `tags` whose owning process is dead (on this host):
 * crash residue that is safe to remove.
 */
export async function deadTemporaries(
  target: string,
  tags: readonly TemporaryTag[],
  isAlive: (pid: number) => boolean = processIsAlive,
): Promise<string[]> {
  const dir = path.dirname(target);
  let entries: string[];
  try {
    entries = await fs.readdir(dir);
  } catch {
    return [];
  }
  return entries
    .filter((entry) => {
      if (!isTemporaryOf(entry, path.basename(target))) return false;
      const parsed = parseTemporaryName(entry) as ParsedTemporaryName;
      return tags.includes(parsed.tag) && ownerIsDead(parsed, isAlive);
    })
    .map((entry) => path.join(dir, entry));
}

/**
 * Removes a file or folder so that `target` is at every instant either whole or absent:
 * rename it to a hidden sibling (atomic), then delete that. A crash in between leaves only
 * a `.deleting-` sibling, never a half-deleted folder at the official path.
 * Resolves false when nothing existed.
 */
export async function removeAtomically(target: string, crashPoint?: CrashPoint): Promise<boolean> {
  const trash = temporarySibling(target, 'deleting');
  try {
    await fs.rename(target, trash);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw error;
  }
  await crashPoint?.('delete:moved-to-trash');
  await fs.rm(trash, { recursive: true, force: true });
  return true;
}

/**
 * Deletes `.regen-`/`.deleting-`/`.partial-` leftovers next to `target` whose owning process
 * is dead (see {@link ownerIsDead}); resolves how many were removed.
 */
export async function sweepTemporaries(target: string, isAlive: (pid: number) => boolean = processIsAlive): Promise<number> {
  const dir = path.dirname(target);
  let removed = 0;
  let entries: string[];
  try {
    entries = await fs.readdir(dir);
  } catch {
    return 0;
  }
  for (const entry of entries) {
    if (!isTemporaryOf(entry, path.basename(target))) continue;
    const owner = parseTemporaryName(entry) as ParsedTemporaryName;
    if (!ownerIsDead(owner, isAlive)) continue;
    await fs.rm(path.join(dir, entry), { recursive: true, force: true });
    removed += 1;
  }
  return removed;
}
