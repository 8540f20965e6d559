import { realpathSync } from 'node:fs';
import path from 'node:path';
import { pathErrors } from './pathErrors';
import { assertSafePathComponent, type NameSource } from './safePathComponent';

/** One component of an artefact path and where its name came from. */
export interface PathPart extends NameSource {
  name: string;
}

/** `target` with symlinks resolved as far as it exists (the rest appended), so links cannot escape a root. */
export function resolveExisting(target: string): string {
  const absolute = path.resolve(target);
  const rest: string[] = [];
  let current = absolute;
  for (;;) {
    try {
      return path.join(realpathSync(current), ...rest.reverse());
    } catch {
      const parent = path.dirname(current);
      if (parent === current) return absolute;
      rest.push(path.basename(current));
      current = parent;
    }
  }
}

/** True when `inner` is `outer` itself or lies below it (both absolute, resolved). */
export function isSameOrInside(inner: string, outer: string): boolean {
  const relative = path.relative(outer, inner);
  return relative === '' || (!path.isAbsolute(relative) && relative !== '..' && !relative.startsWith(`..${path.sep}`));
}

/** True when `inner` lies strictly below `outer` (not equal to it). */
export function isStrictlyInside(inner: string, outer: string): boolean {
  return inner !== outer && isSameOrInside(inner, outer);
}

/**
 * Throws `PATH_OUTSIDE_DATA_ROOTS` unless `target` lies strictly inside `root` (never the root
 * itself), and touches no other data root: it may neither lie in one nor contain one (roots that
 * contain `root`, like the base folder, do not count). Symlinks are resolved first.
 */
export function assertStrictlyInsideRoot(target: string, root: string, otherRoots: readonly string[] = []): void {
  const resolved = resolveExisting(target);
  const own = resolveExisting(root);
  if (!isStrictlyInside(resolved, own)) throw pathErrors.outsideRoot(target, root, `it is not strictly inside ${root}`);
  for (const other of otherRoots.map(resolveExisting)) {
    if (isSameOrInside(own, other)) continue;
    if (isSameOrInside(resolved, other) || isSameOrInside(other, resolved)) {
      throw pathErrors.outsideRoot(target, root, `it overlaps the data root ${other}`);
    }
  }
}

/**
 * The path of an artefact below its own data root: every part must pass the name rule
 * (`UNSAFE_NAME`, naming its flag) and the joined path must lie strictly inside `root` and
 * touch no other root (`PATH_OUTSIDE_DATA_ROOTS`). The only way names become paths.
 */
export function artefactPath(root: string, parts: readonly PathPart[], otherRoots: readonly string[] = []): string {
  for (const part of parts) assertSafePathComponent(part.name, part);
  const target = path.join(path.resolve(root), ...parts.map((part) => part.name));
  assertStrictlyInsideRoot(target, root, otherRoots);
  return target;
}
