import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';

/** Bytes used by a file or, recursively, a folder (symlinks are not followed); 0 when absent. */
export async function pathSize(target: string): Promise<number> {
  let stat;
  try {
    stat = await fs.lstat(target);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 0;
    throw error;
  }
  if (!stat.isDirectory()) return stat.size;
  let total = 0;
  for (const entry of await fs.readdir(target)) total += await pathSize(path.join(target, entry));
  return total;
}

/** True when something (file, folder or link) exists at `target`. */
export async function pathExists(target: string): Promise<boolean> {
  try {
    await fs.lstat(target);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw error;
  }
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
 * A hidden sibling of `target` (same directory, hence same filesystem, so a rename between
 * them is atomic). `tag` says what it is for: `regen` or `deleting`.
 */
export function siblingTemporary(target: string, tag: 'regen' | 'deleting'): string {
  const suffix = `${process.pid}-${randomBytes(4).toString('hex')}`;
  return path.join(path.dirname(target), `.${path.basename(target)}.${tag}-${suffix}`);
}

/**
 * Removes a file or folder so that `target` is at every instant either whole or absent:
 * rename it to a hidden sibling (atomic), then delete that. A crash in between leaves only
 * a `.deleting-` sibling, never a half-deleted folder at the official path.
 * Resolves false when nothing existed.
 */
export async function removeAtomically(target: string): Promise<boolean> {
  const trash = siblingTemporary(target, 'deleting');
  try {
    await fs.rename(target, trash);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw error;
  }
  await fs.rm(trash, { recursive: true, force: true });
  return true;
}

/** Names of the hidden temporaries {@link siblingTemporary} makes. */
export const TEMPORARY_SIBLING = /^\..+\.(regen|deleting)-\d+-[0-9a-f]{8}$/;

/** Deletes `.regen-`/`.deleting-` leftovers of crashed processes next to `target`. */
export async function sweepTemporaries(target: string, isAlive: (pid: number) => boolean = processIsAlive): Promise<number> {
  const dir = path.dirname(target);
  const prefix = `.${path.basename(target)}.`;
  let removed = 0;
  let entries: string[];
  try {
    entries = await fs.readdir(dir);
  } catch {
    return 0;
  }
  for (const entry of entries) {
    if (!entry.startsWith(prefix) || !TEMPORARY_SIBLING.test(entry)) continue;
    const pid = Number(/-(\d+)-[0-9a-f]{8}$/.exec(entry)?.[1]);
    if (pid !== process.pid && isAlive(pid)) continue;
    if (pid === process.pid) continue;
    await fs.rm(path.join(dir, entry), { recursive: true, force: true });
    removed += 1;
  }
  return removed;
}

/** True when a process with this pid exists (signal 0 probes without sending anything). */
export function processIsAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
