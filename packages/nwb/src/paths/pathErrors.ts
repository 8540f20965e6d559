import { RecomputeError } from '@spyglass-recompute/errors';
import type { NameSource, UnsafeNameProblem } from './safePathComponent';

/** A character as error messages show it (NUL spelled out). */
export function describeCharacter(character: string): string {
  if (character === '\0') return 'NUL (\\0)';
  return `"${character}"`;
}

/** Named factories for the typed errors of the path rules (bad input, exit 2): unsafe names and confinement. */
export const pathErrors = {
  /** The `UNSAFE_NAME` error for `name` given as `source`. */
  unsafeName(name: string, source: NameSource, problem: UnsafeNameProblem): RecomputeError {
    const character = problem.character === undefined ? '' : ` (offending character: ${describeCharacter(problem.character)})`;
    return new RecomputeError({
      code: 'UNSAFE_NAME',
      message:
        `${source.flag} ${JSON.stringify(name)} cannot be used as a ${source.what}: ${problem.reason}${character}. ` +
        'Names become file and folder names, so they may not contain /, \\ or NUL, be "." or "..", or exceed 255 bytes. Nothing was changed; choose another name.',
      details: {
        flag: source.flag,
        name,
        reason: problem.reason,
        ...(problem.character === undefined ? {} : { character: problem.character }),
      },
    });
  },
  /** A path built from names is not strictly inside its own data root, or overlaps another root. */
  outsideRoot(target: string, root: string, reason: string): RecomputeError {
    return new RecomputeError({
      code: 'PATH_OUTSIDE_DATA_ROOTS',
      message: `Refusing to touch ${target}: ${reason}. Nothing was changed; check the names and the SPYGLASS_*_DIR settings.`,
      details: { path: target, root },
    });
  },
} as const;

/** The `UNSAFE_NAME` error for `name` given as `source` (public name of {@link pathErrors.unsafeName}). */
export const unsafeNameError = pathErrors.unsafeName;
