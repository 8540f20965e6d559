import type { V0RecordingKey } from '@spyglass-recompute/schema';

/**
 * Spyglass v0 `SpikeSortingRecording._get_recording_name`: the folder name (and the
 * `sort_interval_list_name`) `{nwb_file_name}_{sort_interval_name}_{sort_group_id}_{preproc_params_name}`.
 * The team is not part of it.
 */
export function recordingFolderName(key: Omit<V0RecordingKey, 'team_name'>): string {
  return `${key.nwb_file_name}_${key.sort_interval_name}_${key.sort_group_id}_${key.preproc_params_name}`;
}
