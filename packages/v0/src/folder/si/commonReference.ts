import { folderErrors } from '../folderErrors';
import { type ChannelId, copyMetadata, type SiKwarg, SiRecording } from './SiRecording';

/** Referencing modes Spyglass v0 uses. */
export type CommonReferenceOptions =
  | { readonly reference: 'single'; readonly refChannelId: ChannelId }
  | { readonly reference: 'global'; readonly operator: 'median' | 'average' };

/** `spikeinterface.preprocessing.common_reference(recording, ...)` with the parent dtype. */
export function commonReference(parent: SiRecording, options: CommonReferenceOptions): SiRecording {
  let refChannelIds: SiKwarg = null;
  let operator = 'median';
  if (options.reference === 'single') {
    if (!parent.channelIds.includes(options.refChannelId)) {
      throw folderErrors.referenceInvalid(
        `reference channel ${options.refChannelId} is not among the recording's channels [${parent.channelIds.join(', ')}]`,
      );
    }
    refChannelIds = [options.refChannelId];
  } else {
    operator = options.operator;
  }
  return new SiRecording({
    className: 'spikeinterface.preprocessing.common_reference.CommonReferenceRecording',
    kwargs: new Map<string, SiKwarg>([
      ['recording', parent],
      ['reference', options.reference],
      ['groups', null],
      ['operator', operator],
      ['ref_channel_ids', refChannelIds],
      ['local_radius', [30, 55]],
      ['dtype', parent.dtype],
    ]),
    channelIds: parent.channelIds,
    samplingFrequency: parent.samplingFrequency,
    dtype: parent.dtype,
    ...copyMetadata(parent),
    segments: parent.segments,
  });
}
