import path from 'node:path';
import { artefactPath, assertSafePathComponent, dataRootList, type DataRoots } from '@spyglass-recompute/nwb';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

/** Source of uniform random numbers in [0, 1), like `Math.random`. */
export type RandomSource = () => number;

/**
 * Spyglass `AnalysisNwbfile.__get_new_file_name`: `{raw_stem}` + 10 characters drawn from
 * `[A-Z0-9]` + `.nwb` (e.g. `oracle_raw_ORACLE0000` style names come from `oracle_raw_.nwb`).
 * `rawStem` is the raw NWB file name without its `.nwb` extension.
 */
export function analysisFileName(rawStem: string, random: RandomSource = Math.random): string {
  let suffix = '';
  for (let i = 0; i < 10; i += 1) {
    const r = random();
    if (!(r >= 0 && r < 1)) {
      throw new RangeError(`analysisFileName: random source returned ${r}, expected a number in [0, 1)`);
    }
    suffix += ALPHABET[Math.floor(r * ALPHABET.length)];
  }
  return `${rawStem}${suffix}.nwb`;
}

/**
 * Absolute path of an analysis file: `{analysisDir}/{raw_stem}/{file name}`. The folder is the
 * file name up to (not including) its last underscore, as Spyglass's
 * `__get_analysis_file_dir` computes it; for names made by {@link analysisFileName} from a raw
 * stem ending in `_` this is the raw stem without that underscore.
 */
export function analysisFilePath(analysisDir: string, fileName: string): string {
  return path.join(analysisDir, analysisFolderName(fileName), fileName);
}

/** The folder (below the analysis root) Spyglass puts `fileName` in: the name up to its last underscore. */
function analysisFolderName(fileName: string): string {
  const cut = fileName.lastIndexOf('_');
  return cut >= 0 ? fileName.slice(0, cut) : path.parse(fileName).name;
}

/**
 * The data root v1 artefacts (analysis NWB files) live under, `SPYGLASS_ANALYSIS_DIR`: the one
 * statement of it — the module's `artefactRoot`, the engine's confinement and
 * {@link checkedAnalysisFilePath} derive from here.
 */
export function v1ArtefactRoot(roots: Pick<DataRoots, 'analysis'>): string {
  return roots.analysis;
}

/**
 * Throws `UNSAFE_NAME` (naming `--nwb-file`) unless the raw file name can make analysis file
 * names: itself one safe path component, and so is the folder Spyglass derives from it
 * (`.._.nwb` would give the folder `..`, the analysis root's parent).
 */
export function assertV1NwbFileName(nwbFileName: string): void {
  assertSafePathComponent(nwbFileName, { flag: '--nwb-file', what: 'raw NWB file name (analysis file and folder names are made from it)' });
  const sample = analysisFileName(nwbFileName.slice(0, nwbFileName.length - path.extname(nwbFileName).length), () => 0);
  assertSafePathComponent(analysisFolderName(sample), {
    flag: '--nwb-file',
    what: 'analysis folder name (the raw file name up to its last underscore)',
  });
}

/**
 * {@link analysisFilePath} for a file about to be written: the folder and file names (both derived
 * from the raw file name given as `--nwb-file`) must pass the one name rule (`.._.nwb` would give
 * the folder `..`), and the path must lie strictly inside the analysis root without overlapping
 * another data root.
 *
 * @throws RecomputeError `UNSAFE_NAME`, `PATH_OUTSIDE_DATA_ROOTS`.
 */
export function checkedAnalysisFilePath(roots: DataRoots, fileName: string): string {
  return artefactPath(
    v1ArtefactRoot(roots),
    [
      {
        name: analysisFolderName(fileName),
        flag: '--nwb-file',
        what: 'analysis folder name (the raw file name up to its last underscore)',
      },
      { name: fileName, flag: '--nwb-file', what: 'analysis file name (the raw file name plus 10 random characters)' },
    ],
    dataRootList(roots),
  );
}
