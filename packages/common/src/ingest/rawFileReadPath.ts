import { existsSync } from 'node:fs';
import path from 'node:path';

/** Where this machine reads a session's raw NWB file, and what was looked at. */
export interface RawFileLocation {
  /** The path to read: the first candidate that exists, else the registered path. */
  path: string;
  /** Whether {@link RawFileLocation.path} exists. */
  exists: boolean;
  /** The candidates in the order they were looked at (for "missing" messages). */
  tried: string[];
}

/**
 * The one rule (v0 and v1) for where this machine reads a raw NWB file:
 * `<raw root>/<nwb_file_name>` first — how Spyglass's `Nwbfile.get_abs_path` finds it in this
 * installation (`SPYGLASS_RAW_DIR`) — else the registered `Nwbfile.nwb_file_abs_path`, which
 * may name the store of the installation that wrote the row (mounted elsewhere here).
 *
 * Only a plain file name is looked up under the root: a name with separators, `.` or `..`
 * could point outside it, so for such names only the registered path is a candidate. Whether
 * a missing file is an error is the caller's to say (`exists` is false then; `path` is the
 * registered one, so a reader reports it by that name).
 */
export function rawFileReadPath(nwbFileName: string, registeredPath: string, rawRoot: string | undefined): RawFileLocation {
  const plainName = nwbFileName === path.basename(nwbFileName) && nwbFileName !== '.' && nwbFileName !== '..' && nwbFileName !== '';
  const tried = rawRoot !== undefined && plainName ? [path.join(rawRoot, nwbFileName), registeredPath] : [registeredPath];
  const found = tried.find((candidate) => existsSync(candidate));
  return { path: found ?? registeredPath, exists: found !== undefined, tried };
}
