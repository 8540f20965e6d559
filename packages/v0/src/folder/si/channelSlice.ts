import { folderErrors } from '../folderErrors';
import type { NpyArray, NpyField, NpyScalar } from '../npy/NpyArray';
import { type ChannelId, copyMetadata, type SiKwarg, SiRecording } from './SiRecording';

/** `recording.channel_slice(channel_ids)`: the channels in the given order, probe rewired. */
export function channelSlice(parent: SiRecording, channelIds: readonly ChannelId[]): SiRecording {
  const indices = channelIds.map((id) => parent.channelIds.indexOf(id));
  const missing = channelIds.filter((_, i) => (indices[i] as number) < 0);
  if (missing.length > 0) {
    throw folderErrors.channelSliceInvalid(
      `ChannelSliceRecording: channel ids [${missing.join(', ')}] are not in the parent recording [${parent.channelIds.join(', ')}]`,
    );
  }
  if (new Set(channelIds).size !== channelIds.length) {
    throw folderErrors.channelSliceInvalid(`ChannelSliceRecording: channel_ids are not unique: [${channelIds.join(', ')}]`);
  }
  const { annotations, properties } = copyMetadata(parent, indices);
  const contactVector = properties.get('contact_vector');
  if (contactVector !== undefined) {
    // "change the wiring of the probe": contacts now map to channels 0..n-1.
    const dci = (contactVector.dtype as readonly NpyField[]).findIndex((f) => f.name === 'device_channel_indices');
    const data = (contactVector.data as readonly (readonly NpyScalar[])[]).map((r, i) => r.map((v, k) => (k === dci ? i : v)));
    properties.set('contact_vector', { ...contactVector, data } as NpyArray);
  }
  return new SiRecording({
    className: 'spikeinterface.core.channelslice.ChannelSliceRecording',
    kwargs: new Map<string, SiKwarg>([
      ['parent_recording', parent],
      ['channel_ids', [...channelIds]],
      ['renamed_channel_ids', [...channelIds]],
    ]),
    channelIds: [...channelIds],
    samplingFrequency: parent.samplingFrequency,
    dtype: parent.dtype,
    annotations,
    properties,
    segments: parent.segments,
  });
}
