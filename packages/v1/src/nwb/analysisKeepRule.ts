/** What the analysis-file copy does with one object of the raw NWB file. */
export type KeepAction = 'copy' | 'empty' | 'drop';

/** What the writer profile changes in {@link analysisKeepRule}. */
export interface AnalysisKeepOptions {
  /** Copy the raw file's `units` table (Spyglass 0.5.4). @default false */
  keepUnits?: boolean;
  /** Cached namespaces the writer replaces with its own documents. @default none */
  replacedNamespaces?: readonly string[];
}

/**
 * Spyglass `AnalysisNwbfile.create` reads the raw file with pynwb, pops every entry of each
 * `LabelledDict` field that is not in `NWB_KEEP_FIELDS`, and exports the rest. In HDF5 terms:
 * the required containers (`acquisition`, `analysis`, `processing`, `stimulus/presentation`,
 * `stimulus/templates`) are written empty; optional dict-backed containers (`scratch`,
 * lab metadata and the icephys/ophys/ogen groups under `general`) disappear; plain fields
 * (text datasets under `general`, `keywords`, `source_script`, ...) and the kept containers
 * (devices, electrode groups, electrodes, intervals, subject, file-level datasets) are copied
 * unchanged. The Spyglass release decides `units`: 0.5.4 keeps the raw file's `Units` table
 * (it is not a LabelledDict), later releases and the fixture emulation remove it.
 * Namespaces the writer caches itself (`replacedNamespaces`) are not copied from the raw
 * file's `/specifications`; cached extension namespaces are.
 *
 * `path` is absolute (`/general/devices`); `isGroup` tells groups from datasets.
 */
export function analysisKeepRule(path: string, isGroup: boolean, options: AnalysisKeepOptions = {}): KeepAction {
  const parts = path.split('/').filter((p) => p !== '');
  if (parts.length === 0) return 'copy';
  const [top, second] = parts;
  if (top === 'units' && options.keepUnits) return 'copy';
  if (top === 'specifications' && parts.length === 2 && options.replacedNamespaces?.includes(second)) return 'drop';
  if (parts.length === 1) {
    if (!isGroup) return 'copy'; // file_create_date, identifier, session_* ...
    if (top === 'acquisition' || top === 'analysis' || top === 'processing') return 'empty';
    if (['general', 'intervals', 'stimulus', 'specifications'].includes(top)) return 'copy';
    return 'drop'; // units, scratch and anything pynwb would not export without content
  }
  if (top === 'stimulus' && parts.length === 2) return isGroup ? 'empty' : 'copy';
  if (top === 'general' && parts.length === 2 && isGroup) {
    return ['devices', 'extracellular_ephys', 'subject'].includes(second) ? 'copy' : 'drop';
  }
  return 'copy';
}
