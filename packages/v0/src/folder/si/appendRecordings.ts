import { folderErrors } from '../folderErrors';
import { copyMetadata, type SiKwarg, SiRecording } from './SiRecording';

/** `si.append_recordings(recordings)`: one multi-segment recording (metadata of the first). */
export function appendRecordings(recordings: readonly SiRecording[]): SiRecording {
  const first = recordings[0];
  if (first === undefined) throw folderErrors.appendRecordingsInvalid('append_recordings needs at least one recording');
  const sameIds = (r: SiRecording): boolean =>
    r.channelIds.length === first.channelIds.length && r.channelIds.every((id, i) => id === first.channelIds[i]);
  if (!recordings.every((r) => r.dtype === first.dtype && sameIds(r))) {
    throw folderErrors.appendRecordingsInvalid("Recording don't have the same dtype or channel_ids");
  }
  if (!recordings.every((r) => r.samplingFrequency === first.samplingFrequency)) {
    throw folderErrors.appendRecordingsInvalid('Sampling frequencies across recordings differ (sampling_frequency_max_diff=0)');
  }
  return new SiRecording({
    className: 'spikeinterface.core.segmentutils.AppendSegmentRecording',
    kwargs: new Map<string, SiKwarg>([
      ['recording_list', [...recordings]],
      ['sampling_frequency_max_diff', 0],
    ]),
    channelIds: first.channelIds,
    samplingFrequency: first.samplingFrequency,
    dtype: first.dtype,
    ...copyMetadata(first),
    segments: recordings.flatMap((r) => r.segments),
  });
}
