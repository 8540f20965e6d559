import { assertStrictlyInsideRoot } from '@spyglass-recompute/nwb';
import { assertInsideDataRoots } from './dataRoots';

/** Where the engine may write and delete: artefacts in their own root, copies in the temp root. */
export interface PathConfinement {
  /** Throws `PATH_OUTSIDE_DATA_ROOTS` unless `target` may be an official artefact path. */
  artefact(target: string): void;
  /** Throws `PATH_OUTSIDE_DATA_ROOTS` unless `target` may be a regenerated copy in the temp root. */
  temporary(target: string): void;
}

/** What {@link pathConfinement} is built from. */
export interface PathConfinementOptions {
  /** Every directory files may be written or deleted in (the old, looser rule when no artefactRoot is given). */
  dataRoots: readonly string[];
  tempDir: string;
  /** The one root this pipeline's artefacts live in (v0: recording, v1: analysis). */
  artefactRoot?: string;
  /** Every configured data root (raw, base, ...): artefacts and copies may not lie in or contain them. */
  allRoots?: readonly string[];
}

/**
 * The engine's confinement rule: with an `artefactRoot`, an artefact must lie strictly inside it
 * and a copy strictly inside the temp root, neither overlapping another data root (so a stored
 * `recording_path` of `<base>/raw` is refused instead of deleted); without one, anywhere strictly
 * inside one of `dataRoots`.
 */
export function pathConfinement(options: PathConfinementOptions): PathConfinement {
  const { artefactRoot, tempDir, dataRoots } = options;
  if (artefactRoot === undefined) {
    return {
      artefact: (target) => assertInsideDataRoots(target, dataRoots),
      temporary: (target) => assertInsideDataRoots(target, dataRoots),
    };
  }
  const allRoots = [...(options.allRoots ?? []), ...dataRoots];
  const othersThan = (own: string) => allRoots.filter((root) => root !== own);
  return {
    artefact: (target) => assertStrictlyInsideRoot(target, artefactRoot, othersThan(artefactRoot)),
    temporary: (target) => assertStrictlyInsideRoot(target, tempDir, othersThan(tempDir)),
  };
}
