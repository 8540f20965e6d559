import { artefactPath, assertSafePathComponent, dataRootList, type DataRoots } from '@spyglass-recompute/nwb';
import type { V0RecordingKey } from '@spyglass-recompute/schema';

/**
 * The data root v0 artefacts (recording folders) live under, `SPYGLASS_RECORDING_DIR`: the one
 * statement of it — the module's `artefactRoot`, the engine's confinement, the table descriptors'
 * relative paths and {@link v0FolderPath} all derive from here.
 */
export function v0ArtefactRoot(roots: Pick<DataRoots, 'recording'>): string {
  return roots.recording;
}

/**
 * Spyglass v0 `SpikeSortingRecording._get_recording_name`: the folder name (and the
 * `sort_interval_list_name`) `{nwb_file_name}_{sort_interval_name}_{sort_group_id}_{preproc_params_name}`.
 * The team is not part of it.
 */
export function recordingFolderName(key: Omit<V0RecordingKey, 'team_name'>): string {
  return `${key.nwb_file_name}_${key.sort_interval_name}_${key.sort_group_id}_${key.preproc_params_name}`;
}

/**
 * Throws `UNSAFE_NAME` naming the CLI flag when a name that goes into the v0 folder name could
 * make it more than one path component (`x/../../raw` as params would otherwise name `<base>/raw`).
 */
export function assertV0FolderNames(key: Omit<V0RecordingKey, 'team_name'>): void {
  assertSafePathComponent(key.nwb_file_name, {
    flag: '--nwb-file',
    what: 'raw NWB file name (it becomes part of the v0 recording folder name)',
  });
  assertSafePathComponent(key.sort_interval_name, {
    flag: '--sort-interval',
    what: 'v0 sort interval name (it becomes part of the v0 recording folder name)',
  });
  assertSafePathComponent(key.preproc_params_name, {
    flag: '--params',
    what: 'v0 preprocessing parameter set name (it becomes part of the v0 recording folder name)',
  });
}

/**
 * `{SPYGLASS_RECORDING_DIR}/{folderName}`, checked by the one name rule and strictly inside the
 * recording root without overlapping another data root (`UNSAFE_NAME`, `PATH_OUTSIDE_DATA_ROOTS`).
 */
export function v0FolderPath(roots: DataRoots, folderName: string): string {
  const part = {
    name: folderName,
    flag: '--nwb-file/--sort-interval/--params',
    what: 'v0 recording folder name {nwb_file_name}_{sort_interval_name}_{sort_group_id}_{preproc_params_name}',
  };
  return artefactPath(v0ArtefactRoot(roots), [part], dataRootList(roots));
}
