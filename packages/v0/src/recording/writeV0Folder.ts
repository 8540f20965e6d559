import { v0Errors } from './v0Errors';
import {
  mergeChannelGroups,
  planPreprocessing,
  preprocessRecording,
  segmentTimestamps,
  withRawRecording,
  type PreprocessOptions,
} from '@spyglass-recompute/preprocessing';
import { buildV0Recording } from '../folder/buildV0Recording';
import { readNwbRecordingSource } from '../folder/readNwbRecordingSource';
import { splitChunksBySegment } from '../folder/splitChunksBySegment';
import { writeRecordingFolder, type WrittenRecordingFolder } from '../folder/writeRecordingFolder';
import type { V0RecordingSpec } from './loadV0RecordingSpec';
import type { V0WriterProfile } from '../profiles/V0WriterProfile';
import { v0WriterProfile } from '../profiles/v0WriterProfiles';

/** scipy `sosfiltfilt` needs more than padlen (33) samples; Spyglass lists shorter segments as expected failures. */
export const MIN_SEGMENT_SAMPLES = 35;

/** Options of {@link writeV0Folder}. */
export interface WriteV0FolderOptions {
  /** Filter worker threads (0: on this thread). @default the preprocessing default */
  workers?: number;
  /** Stops between chunks when aborted. */
  signal?: AbortSignal;
  /** Called between chunks (job lease heartbeat). */
  heartbeat?: () => void;
  /** Replace an existing folder once the new one is complete. @default false */
  overwrite?: boolean;
  /** The spikeinterface/probeinterface stack to write as. @default the `si-0.99` profile */
  writerProfile?: V0WriterProfile;
  /**
   * Memory budget per filter task (see preprocessing's `maxTaskBytes`); wide sort groups are
   * filtered in channel groups, merged back into whole rows here. @default 64 MiB
   */
  maxTaskBytes?: number;
}

/** The raw sample ranges (one per segment) and sampling rate of a spec, without filtering anything. */
export async function planV0Segments(
  spec: V0RecordingSpec,
): Promise<{ samplingFrequency: number; segmentLengths: number[]; ranges: Array<{ start: number; end: number }> }> {
  return withRawRecording(spec.rawReadPath, (reader) => {
    const plan = planPreprocessing(reader, { ...preprocessOptions(spec), workers: 0 });
    return {
      samplingFrequency: plan.samplingFrequency,
      segmentLengths: plan.segments.map((segment) => segment.numSamples),
      ranges: plan.segments.map((segment) => segment.ranges[0] ?? { start: 0, end: 0 }),
    };
  });
}

function preprocessOptions(spec: V0RecordingSpec): PreprocessOptions {
  return {
    electrodeIds: [...spec.electrodeIds],
    referenceId: spec.referenceId,
    style: 'v0',
    intervals: spec.sortPieces.map(([a, b]) => [a, b]),
    frequencyMin: spec.frequencyMin,
    frequencyMax: spec.frequencyMax,
  };
}

async function* guarded<T>(source: AsyncIterable<T>, options: WriteV0FolderOptions): AsyncGenerator<T> {
  for await (const item of source) {
    if (options.signal?.aborted) {
      throw v0Errors.folderWriteAborted();
    }
    options.heartbeat?.();
    yield item;
  }
}

/**
 * Writes the spikeinterface binary folder of a v0 recording at exactly `folderPath` (built
 * under a hidden sibling and renamed into place when complete): raw NWB → sort pieces (one
 * segment each) → int16 referencing → band-pass in 10 s chunks → `recording.save` layout.
 *
 * @throws RecomputeError `SEGMENT_TOO_SHORT` (a piece under 35 samples), `FILTER_FREQ_ABOVE_NYQUIST`,
 *   reader/writer errors (`NWB_READ_FAILED`, `FOLDER_EXISTS`, ...).
 */
export async function writeV0Folder(
  spec: V0RecordingSpec,
  folderPath: string,
  options: WriteV0FolderOptions = {},
): Promise<WrittenRecordingFolder> {
  const profile = options.writerProfile ?? v0WriterProfile();
  const { samplingFrequency, segmentLengths, ranges } = await planV0Segments(spec);
  const short = segmentLengths.findIndex((n) => n < MIN_SEGMENT_SAMPLES);
  if (short >= 0) {
    throw v0Errors.segmentTooShort(spec.folderName, short, segmentLengths[short] as number, MIN_SEGMENT_SAMPLES);
  }
  const source = await readNwbRecordingSource(spec.rawReadPath, { samplingFrequency, recordedFilePath: spec.rawRecordedPath });
  const recording = buildV0Recording({
    source,
    framePieces: ranges.map(({ start, end }) => [start, end] as const),
    sortGroup: { electrodeIds: spec.electrodeIds, referenceElectrodeId: spec.referenceId },
    filter: { frequencyMin: spec.frequencyMin, frequencyMax: spec.frequencyMax },
    electrodeProbes: spec.electrodeProbes,
    probeAnnotations: profile.probeAnnotations,
  });
  return withRawRecording(
    spec.rawReadPath,
    async (reader) => {
      const preprocess = {
        ...preprocessOptions(spec),
        ...(options.workers !== undefined ? { workers: options.workers } : {}),
        ...(options.maxTaskBytes !== undefined ? { maxTaskBytes: options.maxTaskBytes } : {}),
      };
      const plan = planPreprocessing(reader, preprocess);
      const wholeRows = mergeChannelGroups(preprocessRecording(reader, preprocess, plan), plan.channelElectrodeIds.length);
      const traces = splitChunksBySegment(guarded(wholeRows, options), plan.segments.length);
      return writeRecordingFolder({
        folderPath,
        recording,
        overwrite: options.overwrite ?? false,
        profile,
        segments: plan.segments.map((segment, k) => ({
          traces: traces[k] as AsyncIterable<Int16Array>,
          times: segmentTimestamps(reader, segment),
        })),
      });
    },
    source.seriesPath.replace(/^\/acquisition\//, ''),
  );
}
