import { existsSync, realpathSync } from 'node:fs';
import { copyFile, link, mkdir, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { isStrictlyInside, temporarySibling } from '@spyglass-recompute/nwb';
import { commonErrors } from './commonErrors';
import { fileDifference } from './fileFingerprint';

/** Where a raw file lives once registered. */
export interface PlacedRawFile {
  /** Absolute path inside the raw root. */
  absPath: string;
  /** True when this call copied the file in (the caller removes it if registration fails). */
  copied: boolean;
}

function realOrResolved(target: string): string {
  try {
    return realpathSync(target);
  } catch {
    return path.resolve(target);
  }
}

/** True when `target` lies strictly inside `root` (symlinks resolved). */
export function isInsideRoot(target: string, root: string): boolean {
  return isStrictlyInside(realOrResolved(target), realOrResolved(root));
}

/**
 * Makes `sourcePath` available inside `rawRoot`: a file already inside is used where it is; any
 * other file is copied to `rawRoot/<basename>` through a temporary name and an atomic rename, so
 * a crash never leaves a half-written raw file under the real name. Nothing outside the root is
 * written. An existing different file with that name is a conflict.
 *
 * @throws RecomputeError `DATA_ROOT_UNAVAILABLE`, `NWB_NAME_CONFLICT`, `RAW_COPY_FAILED`.
 */
export async function placeRawFile(sourcePath: string, rawRoot: string): Promise<PlacedRawFile> {
  const root = path.resolve(rawRoot);
  let isDirectory: boolean;
  try {
    await mkdir(root, { recursive: true });
    isDirectory = (await stat(root)).isDirectory();
  } catch (error) {
    throw commonErrors.rawRootMissing(root, error);
  }
  if (!isDirectory) throw commonErrors.rawRootMissing(root);
  const source = path.resolve(sourcePath);
  if (isInsideRoot(source, root)) return { absPath: source, copied: false };
  const destination = path.join(root, path.basename(source));
  if (existsSync(destination)) {
    const difference = await fileDifference(source, destination);
    if (difference !== undefined) throw commonErrors.nameConflict(path.basename(source), destination, source, difference);
    return { absPath: destination, copied: false };
  }
  const temporary = temporarySibling(path.join(root, path.basename(source)), 'tmp');
  let published: boolean;
  try {
    await copyFile(source, temporary);
    published = await publishWithoutClobbering(temporary, destination);
  } catch (error) {
    throw commonErrors.copyFailed(source, destination, error);
  } finally {
    await rm(temporary, { force: true });
  }
  if (!published) {
    // Another ingest put a file there first: use it only if it is the same file.
    const difference = await fileDifference(source, destination);
    if (difference !== undefined) throw commonErrors.nameConflict(path.basename(source), destination, source, difference);
    return { absPath: destination, copied: false };
  }
  return { absPath: destination, copied: true };
}

/**
 * Gives `temporary`'s content the name `destination` atomically, unless `destination` exists
 * (then returns false). A hard link fails with EEXIST instead of replacing, which a rename
 * would do silently; file systems without hard links fall back to rename.
 */
async function publishWithoutClobbering(temporary: string, destination: string): Promise<boolean> {
  try {
    await link(temporary, destination);
    return true;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') return false;
    if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EOPNOTSUPP' && code !== 'ENOSYS') throw error;
  }
  if (existsSync(destination)) return false;
  await rename(temporary, destination);
  return true;
}
