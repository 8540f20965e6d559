import { folderErrors } from '../folderErrors';
import { copyMetadata, type SiKwarg, SiRecording } from './SiRecording';

/** `recording.frame_slice(start_frame, end_frame)` of a one-segment recording. */
export function frameSlice(parent: SiRecording, startFrame: number, endFrame: number): SiRecording {
  const segment = parent.segments[0];
  if (parent.segments.length !== 1 || segment === undefined) {
    throw folderErrors.frameSliceInvalid('FrameSliceRecording only works with one segment');
  }
  const size = segment.numSamples;
  const valid =
    Number.isInteger(startFrame) &&
    Number.isInteger(endFrame) &&
    startFrame >= 0 &&
    startFrame < size &&
    endFrame > 0 &&
    endFrame <= size &&
    endFrame > startFrame;
  if (!valid) {
    throw folderErrors.frameSliceInvalid(
      `frame slice [${startFrame}, ${endFrame}) is not a non-empty range inside the ${size}-sample recording`,
      { startFrame, endFrame, numSamples: size },
    );
  }
  const { timing } = segment;
  const newTiming =
    timing.kind === 'timeVector'
      ? { kind: 'timeVector' as const, rawStart: timing.rawStart + startFrame }
      : // sample_index_to_time(start_frame): start / fs, plus t_start when there is one
        { kind: 'tStart' as const, tStart: startFrame / parent.samplingFrequency + (timing.tStart ?? 0) };
  return new SiRecording({
    className: 'spikeinterface.core.frameslicerecording.FrameSliceRecording',
    kwargs: new Map<string, SiKwarg>([
      ['parent_recording', parent],
      ['start_frame', startFrame],
      ['end_frame', endFrame],
    ]),
    channelIds: parent.channelIds,
    samplingFrequency: parent.samplingFrequency,
    dtype: parent.dtype,
    ...copyMetadata(parent),
    segments: [{ numSamples: endFrame - startFrame, timing: newTiming }],
  });
}
