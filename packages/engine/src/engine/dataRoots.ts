import { constants, promises as fs, realpathSync } from 'node:fs';
import path from 'node:path';
import { isStrictlyInside, type NamedDataRoot } from '@spyglass-recompute/nwb';
import { engineErrors } from './engineErrors';

function realOrResolved(target: string): string {
  try {
    return realpathSync(target);
  } catch {
    return path.resolve(target);
  }
}

/**
 * Throws `PATH_OUTSIDE_DATA_ROOTS` unless `target` lies strictly inside one of `roots`
 * (after resolving symlinks of its parent directory, so `..` and linked folders cannot escape).
 */
export function assertInsideDataRoots(target: string, roots: readonly string[]): void {
  const resolved = path.join(realOrResolved(path.dirname(path.resolve(target))), path.basename(target));
  const inside = roots.some((root) => {
    // `..evil` is a name like any other: only `..` as a whole component leaves the root.
    return isStrictlyInside(resolved, realOrResolved(root));
  });
  if (!inside) throw engineErrors.pathOutsideDataRoots(target, roots);
}

/**
 * Throws `DATA_ROOT_UNAVAILABLE` unless every root is an existing, writable directory; a
 * {@link NamedDataRoot} makes the message name the setting to fix.
 */
export async function assertDataRootsWritable(roots: readonly (string | NamedDataRoot)[]): Promise<void> {
  for (const entry of roots) {
    const { path: root, setting } = typeof entry === 'string' ? { path: entry, setting: undefined } : entry;
    let stat;
    try {
      stat = await fs.stat(root);
    } catch (cause) {
      throw engineErrors.dataRootUnavailable(root, 'missing', cause, setting);
    }
    if (!stat.isDirectory()) throw engineErrors.dataRootUnavailable(root, 'not a directory', undefined, setting);
    try {
      await fs.access(root, constants.W_OK);
    } catch (cause) {
      throw engineErrors.dataRootUnavailable(root, 'not writable', cause, setting);
    }
  }
}
