import { RecomputeError } from '@spyglass-recompute/errors';

/**
 * Typed errors of writing a spikeinterface recording folder (v0): the data handed to the writer
 * does not fit the recording's layout, or the folder cannot be placed.
 */
export const folderErrors = {
  writeFailed(message: string, cause: unknown, details: Record<string, unknown>): RecomputeError {
    return new RecomputeError({ code: 'FOLDER_WRITE_FAILED', message, cause, details });
  },
  folderExists(folderPath: string): RecomputeError {
    return new RecomputeError({
      code: 'FOLDER_EXISTS',
      message: `recording folder ${folderPath} already exists; delete it or pass overwrite`,
      details: { folderPath },
    });
  },
  folderAppeared(folderPath: string, cause: unknown): RecomputeError {
    return new RecomputeError({
      code: 'FOLDER_EXISTS',
      message: `recording folder ${folderPath} appeared while it was being written`,
      details: { folderPath },
      cause,
    });
  },
  bigEndianHost(): RecomputeError {
    return new RecomputeError({ code: 'PLATFORM_UNSUPPORTED', message: 'the folder writer needs a little-endian host' });
  },
  segmentCount(expected: number, given: number): RecomputeError {
    return new RecomputeError({ code: 'SEGMENTS_INVALID', message: `the recording has ${expected} segment(s) but ${given} were given` });
  },
  segmentTimes(segment: number, hasTimeVector: boolean): RecomputeError {
    return new RecomputeError({
      code: 'SEGMENTS_INVALID',
      message: `segment ${segment}: ${hasTimeVector ? 'has a time vector, so its times are required' : 'has no time vector, so no times may be given'}`,
    });
  },
  /** `file` is the traces file being written; `problem` says what is wrong with the chunks given. */
  tracesInvalid(file: string, problem: string): RecomputeError {
    return new RecomputeError({ code: 'TRACES_INVALID', message: `${file}: ${problem}` });
  },
  timesInvalid(file: string | null, problem: string): RecomputeError {
    return new RecomputeError({ code: 'TIMES_INVALID', message: `${file}: ${problem}` });
  },
  /** The segments mix time vectors and `t_start`s in a way spikeinterface cannot save. */
  recordingTimingInvalid(message: string, details?: Record<string, unknown>): RecomputeError {
    return new RecomputeError({ code: 'RECORDING_TIMING_INVALID', message, ...(details ? { details } : {}) });
  },
  /** v0 folders hold int16 traces. */
  recordingDtypeUnsupported(message: string, details?: Record<string, unknown>): RecomputeError {
    return new RecomputeError({ code: 'RECORDING_DTYPE_UNSUPPORTED', message, ...(details ? { details } : {}) });
  },
  /** `ChannelSliceRecording` got ids the parent lacks, or repeated ids. */
  channelSliceInvalid(message: string, details?: Record<string, unknown>): RecomputeError {
    return new RecomputeError({ code: 'CHANNEL_SLICE_INVALID', message, ...(details ? { details } : {}) });
  },
  /** The sort interval has no valid piece. */
  sortIntervalEmpty(message: string, details?: Record<string, unknown>): RecomputeError {
    return new RecomputeError({ code: 'SORT_INTERVAL_EMPTY', message, ...(details ? { details } : {}) });
  },
  /** The sort group has no electrode besides its reference. */
  sortGroupEmpty(message: string, details?: Record<string, unknown>): RecomputeError {
    return new RecomputeError({ code: 'SORT_GROUP_EMPTY', message, ...(details ? { details } : {}) });
  },
  /** The reference channel is not one Spyglass v0 accepts. */
  referenceInvalid(message: string, details?: Record<string, unknown>): RecomputeError {
    return new RecomputeError({ code: 'REFERENCE_INVALID', message, ...(details ? { details } : {}) });
  },
  /** An electrode has no probe type / electrode group. */
  electrodeProbeMissing(message: string, details?: Record<string, unknown>): RecomputeError {
    return new RecomputeError({ code: 'ELECTRODE_PROBE_MISSING', message, ...(details ? { details } : {}) });
  },
  /** Band-pass edges outside 0 < min < max < fs/2. */
  filterParamsInvalid(message: string, details?: Record<string, unknown>): RecomputeError {
    return new RecomputeError({ code: 'FILTER_PARAMS_INVALID', message, ...(details ? { details } : {}) });
  },
  /** `append_recordings` inputs differ (dtype, channel ids, sampling rate) or are empty. */
  appendRecordingsInvalid(message: string, details?: Record<string, unknown>): RecomputeError {
    return new RecomputeError({ code: 'APPEND_RECORDINGS_INVALID', message, ...(details ? { details } : {}) });
  },
  /** The raw NWB file does not make a spikeinterface `NwbRecordingExtractor`. */
  nwbRecordingInvalid(message: string, details?: Record<string, unknown>): RecomputeError {
    return new RecomputeError({ code: 'NWB_RECORDING_INVALID', message, ...(details ? { details } : {}) });
  },
  /** A probe (or contact vector) probeinterface would refuse. */
  probeInvalid(message: string, details?: Record<string, unknown>): RecomputeError {
    return new RecomputeError({ code: 'PROBE_INVALID', message, ...(details ? { details } : {}) });
  },
  /** `FrameSliceRecording` over several segments or an empty/outside range. */
  frameSliceInvalid(message: string, details?: Record<string, unknown>): RecomputeError {
    return new RecomputeError({ code: 'FRAME_SLICE_INVALID', message, ...(details ? { details } : {}) });
  },
  /** A chunk arrived out of segment order or with the wrong dtype (the message names the segment). */
  traceChunksInvalid(message: string): RecomputeError {
    return new RecomputeError({ code: 'TRACES_INVALID', message });
  },
  /** Reading the raw NWB file failed; the message is prefixed with the file. */
  nwbReadFailed(filePath: string, message: string, cause?: unknown): RecomputeError {
    return new RecomputeError({ code: 'NWB_READ_FAILED', message: `${filePath}: ${message}`, cause, details: { filePath } });
  },
};
