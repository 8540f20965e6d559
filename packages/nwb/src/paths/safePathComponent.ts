import { describeCharacter, pathErrors } from './pathErrors';

/** Longest file or folder name (in UTF-8 bytes) ext4, XFS, APFS and NTFS-on-Linux can store. */
export const MAX_PATH_COMPONENT_BYTES = 255;

/** Why a name cannot be one path component: the offending character (if any) and a reason. */
export interface UnsafeNameProblem {
  /** The character at fault (`/`, `\`, NUL), or the whole name (`.`, `..`); absent for length. */
  character?: string;
  reason: string;
}

/**
 * The one rule for every name that becomes a file or folder name (nwb file, sort interval,
 * params, analysis file, v0 folder name): it must stay ONE component right where it is put.
 * Refused: a path separator (`/`, and `\`, which Windows and Samba shares treat as one), NUL
 * (ends the name at the syscall), `.` and `..` as the whole name (they name the folder itself or
 * its parent), the empty name, and names longer than {@link MAX_PATH_COMPONENT_BYTES} bytes.
 * Everything else is accepted, as Spyglass's varchar names are: `..evil`, `q..`, spaces, unicode.
 *
 * @returns null when `name` is safe.
 */
export function pathComponentProblem(name: string): UnsafeNameProblem | null {
  if (name === '') return { reason: 'it is empty' };
  if (name === '.' || name === '..') return { character: name, reason: `"${name}" names a folder itself or its parent` };
  for (const character of ['/', '\\', '\0']) {
    if (name.includes(character)) {
      return { character, reason: `it contains ${describeCharacter(character)}, which would split it into several path components` };
    }
  }
  const bytes = Buffer.byteLength(name, 'utf8');
  if (bytes > MAX_PATH_COMPONENT_BYTES)
    return { reason: `it is ${bytes} bytes long; file systems store at most ${MAX_PATH_COMPONENT_BYTES}` };
  return null;
}

/** Where a checked name came from, for the error message: the CLI flag (or argument) and what it is. */
export interface NameSource {
  /** `--params`, `--nwb-file`, `NAME`, ...: what the user typed the name as. */
  flag: string;
  /** What the name is, e.g. `preprocessing parameter set name`. */
  what: string;
}

/**
 * Throws `UNSAFE_NAME` (exit 2, naming the flag and the offending character) unless
 * {@link pathComponentProblem} accepts `name`. Call it wherever a name is accepted that will
 * become a path component, and again where the path is built (names may come from a database
 * Spyglass filled).
 */
export function assertSafePathComponent(name: string, source: NameSource): void {
  const problem = pathComponentProblem(name);
  if (problem) throw pathErrors.unsafeName(name, source, problem);
}
