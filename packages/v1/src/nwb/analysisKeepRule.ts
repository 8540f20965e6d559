/** What the analysis-file copy does with one object of the raw NWB file. */
export type KeepAction = 'copy' | 'empty' | 'drop';

/**
 * Spyglass `AnalysisNwbfile.create` reads the raw file with pynwb, pops every entry of each
 * `LabelledDict` field that is not in `NWB_KEEP_FIELDS`, and exports the rest. In HDF5 terms:
 * the required containers (`acquisition`, `analysis`, `processing`, `stimulus/presentation`,
 * `stimulus/templates`) are written empty; optional dict-backed containers (`scratch`,
 * lab metadata and the icephys/ophys/ogen groups under `general`) disappear; plain fields
 * (text datasets under `general`, `keywords`, `source_script`, ...) and the kept containers
 * (devices, electrode groups, electrodes, intervals, subject, file-level datasets) are copied
 * unchanged. The fixture emulation also removes `units`.
 *
 * `path` is absolute (`/general/devices`); `isGroup` tells groups from datasets.
 */
export function analysisKeepRule(path: string, isGroup: boolean): KeepAction {
  const parts = path.split('/').filter((p) => p !== '');
  if (parts.length === 0) return 'copy';
  const [top, second] = parts;
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
