import { planPreprocessing, preprocessRecording, segmentTimestamps, withRawRecording } from '@spyglass-recompute/preprocessing';
import { writeAnalysisNwb, type AnalysisNwbObjectIds } from '../nwb/writeAnalysisNwb';
import type { V1WriterProfile } from '../profiles/V1WriterProfile';
import { v1WriterProfile } from '../profiles/v1WriterProfiles';
import type { RowChunk } from '../nwb/writeProcessedElectricalSeries';
import type { V1RecordingInputs } from './loadV1RecordingInputs';
import { v1Errors } from './v1Errors';

const TIMESTAMP_BATCH = 1 << 20;

/** Options of {@link writeV1RecordingFile}. */
export interface WriteV1RecordingFileOptions {
  /** Where the analysis file goes (written to a hidden sibling, renamed into place when complete). */
  outputPath: string;
  /** The writer to reproduce. @default the `pynwb-2.3` profile */
  writerProfile?: V1WriterProfile;
  /** Stored object ids to reuse (regeneration); missing ones are drawn at random. */
  objectIds?: AnalysisNwbObjectIds;
  /** Filter worker threads (0: on this thread). @default preprocessing's default */
  workers?: number;
  /** Aborts between chunks. */
  signal?: AbortSignal;
  /** Called after every written chunk (job-lease heartbeat). */
  onChunk?: () => void;
  /**
   * Memory budget per filter task (see preprocessing's `maxTaskBytes`): a long chunk of a
   * wide sort group is filtered, and written, in column groups. @default 64 MiB
   */
  maxTaskBytes?: number;
  /**
   * Where a filter call too large for memory spills its forward pass (a late-2024 buffer is
   * the whole recording, up to 5 GB of float64); results are bit-identical. Callers pass
   * the temp data root. Unset: every call is filtered in memory.
   */
  spillDirectory?: string;
  /** Float64 size of a filter call above which it spills. @default 256 MiB */
  spillAboveBytes?: number;
}

/** What {@link writeV1RecordingFile} wrote. */
export interface WrittenV1RecordingFile {
  outputPath: string;
  objectIds: Required<AnalysisNwbObjectIds>;
  numSamples: number;
  numChannels: number;
  samplingFrequency: number;
}

/**
 * Spyglass v1 `SpikeSortingRecording.make` minus the tables: referenced, band-passed float64
 * traces of the sort pieces (concatenated into one segment, filtered in the writer profile's
 * hdmf-buffer chunks) streamed into the analysis NWB file derived from the raw file.
 */
export async function writeV1RecordingFile(
  inputs: V1RecordingInputs,
  options: WriteV1RecordingFileOptions,
): Promise<WrittenV1RecordingFile> {
  const { rawPath, electrodeIds, referenceId, params, sortPieces, selection } = inputs;
  const profile = options.writerProfile ?? v1WriterProfile();
  return withRawRecording(rawPath, async (reader) => {
    const recorded = new Set(reader.columnElectrodeIds);
    const needed = referenceId >= 0 ? [...electrodeIds, referenceId] : electrodeIds;
    const missing = needed.filter((id) => !recorded.has(id));
    if (missing.length > 0) throw v1Errors.sortGroupElectrodesUnknown(selection.nwb_file_name, selection.sort_group_id, missing, rawPath);
    const preprocess = {
      electrodeIds,
      referenceId,
      style: 'v1' as const,
      intervals: sortPieces,
      frequencyMin: params.frequencyMin,
      frequencyMax: params.frequencyMax,
      // the hdmf buffer is what spikeinterface filters in one call
      hdmfChunkMb: profile.hdmfChunkMb,
      hdmfBufferGb: profile.bufferGb,
      ...(options.workers !== undefined ? { workers: options.workers } : {}),
      ...(options.maxTaskBytes !== undefined ? { maxTaskBytes: options.maxTaskBytes } : {}),
      ...(options.spillDirectory !== undefined ? { spillDirectory: options.spillDirectory } : {}),
      ...(options.spillAboveBytes !== undefined ? { spillAboveBytes: options.spillAboveBytes } : {}),
    };
    const plan = planPreprocessing(reader, preprocess);
    const segment = plan.segments[0];
    const numChannels = plan.channelElectrodeIds.length;
    async function* rows(): AsyncGenerator<RowChunk> {
      for await (const chunk of preprocessRecording(reader, preprocess, plan)) {
        options.signal?.throwIfAborted();
        yield { start: chunk.start, data: chunk.data as Float64Array, columnStart: chunk.channelStart, columnEnd: chunk.channelEnd };
        // resumed: the writer has copied the rows out, so the memory can take a later chunk
        chunk.release();
        options.onChunk?.();
      }
    }
    // Timestamps streamed too: a long recording's float64 times would not fit comfortably.
    // One batch buffer, refilled for every chunk (the writer is done with a chunk when it asks
    // for the next): fresh memory per batch cost page faults and a garbage collection each.
    function* timestampChunks(): Generator<RowChunk> {
      const batch = new Float64Array(Math.min(TIMESTAMP_BATCH, segment.numSamples));
      for (let start = 0; start < segment.numSamples; start += TIMESTAMP_BATCH) {
        yield { start, data: segmentTimestamps(reader, segment, start, Math.min(segment.numSamples, start + TIMESTAMP_BATCH), batch) };
      }
    }
    const written = await writeAnalysisNwb({
      rawPath,
      outputPath: options.outputPath,
      profile,
      ...(options.objectIds ? { objectIds: options.objectIds } : {}),
      series: {
        numSamples: segment.numSamples,
        numChannels,
        data: rows(),
        timestamps: timestampChunks(),
        // Spyglass: create_electrode_table_region(region=recording.get_channel_ids()).
        electrodes: plan.channelElectrodeIds,
        // spikeinterface gain (conversion·1e6 µV), written back as gain·1e-6: keep both steps.
        conversion: reader.conversion * 1e6 * 1e-6,
      },
    });
    return {
      outputPath: written.outputPath,
      objectIds: written.objectIds,
      numSamples: segment.numSamples,
      numChannels,
      samplingFrequency: plan.samplingFrequency,
    };
  });
}
