import { RecomputeError } from '@spyglass-recompute/errors';
import type { PipelineStyle } from './pipeline/planPreprocessing';

/**
 * Typed errors of the preprocessing pipeline (filter design, chunk planning, filtering, workers).
 * Exit codes come from the error-code table: bad input → 2, our own failures → 1.
 */
export const preprocessingErrors = {
  samplingFrequencyInvalid(samplingFrequency: number): RecomputeError {
    return new RecomputeError({
      code: 'SAMPLING_FREQUENCY_INVALID',
      message: `sampling frequency ${samplingFrequency} Hz is not a positive finite number`,
    });
  },
  filterFrequenciesInvalid(frequencyMin: number, frequencyMax: number): RecomputeError {
    return new RecomputeError({
      code: 'FILTER_FREQ_INVALID',
      message: `band-pass frequencies must satisfy 0 < frequency_min < frequency_max (got ${frequencyMin}, ${frequencyMax})`,
    });
  },
  filterOrderInvalid(order: number): RecomputeError {
    return new RecomputeError({ code: 'FILTER_ORDER_INVALID', message: `filter order ${order} must be an integer in 1..20` });
  },
  frequencyAboveNyquist(frequencyMax: number, samplingFrequency: number): RecomputeError {
    const nyquist = samplingFrequency / 2;
    return new RecomputeError({
      code: 'FILTER_FREQ_ABOVE_NYQUIST',
      message:
        `--frequency-max ${frequencyMax} Hz is not below the Nyquist frequency ${nyquist} Hz of this ${samplingFrequency} Hz recording, so the band-pass cannot be designed. ` +
        `Lower --frequency-max below ${nyquist} (for recordings: \`recompute v0|v1 params add NAME --frequency-min … --frequency-max …\`, then create with \`--params NAME\`).`,
      details: { frequencyMax, nyquist, samplingFrequency },
    });
  },
  /** A numerical case the zero/pole pairing cannot handle: our bug, not the input. */
  filterDesignFailed(reason: string): RecomputeError {
    return new RecomputeError({ code: 'FILTER_DESIGN_FAILED', message: reason });
  },
  /** scipy's sosfiltfilt "padlen" error for one filter call. */
  filterChunkTooShort(samples: number, padlen: number): RecomputeError {
    return new RecomputeError({
      code: 'SEGMENT_TOO_SHORT',
      message: `a filter chunk of ${samples} samples is too short to filter: scipy sosfiltfilt needs more than padlen = ${padlen} samples`,
      details: { samples, padlen },
    });
  },
  /** The plan's view of the padlen error: which segment and chunk scipy would refuse. */
  segmentTooShort(
    segment: number,
    numSamples: number,
    padlen: number,
    chunk: { start: number; end: number },
    chunkSamples: number,
  ): RecomputeError {
    return new RecomputeError({
      code: 'SEGMENT_TOO_SHORT',
      message: `segment ${segment} (${numSamples} samples) is too short to filter: chunk [${chunk.start}, ${chunk.end}) with margins has ${chunkSamples} samples, scipy sosfiltfilt needs more than padlen = ${padlen}`,
      details: { segment, numSamples, padlen, chunk },
    });
  },
  segmentEmpty(segment: number, ranges: unknown): RecomputeError {
    return new RecomputeError({
      code: 'SEGMENT_EMPTY',
      message: `segment ${segment} has no samples (ranges ${JSON.stringify(ranges)})`,
      details: { segment },
    });
  },
  spillEnded(byte: number): RecomputeError {
    return new RecomputeError({ code: 'SPILL_READ_FAILED', message: `spill file ended early at byte ${byte}` });
  },
  referenceInvalid(referenceId: number, style: PipelineStyle): RecomputeError {
    return new RecomputeError({
      code: 'REFERENCE_INVALID',
      message: `reference electrode id ${referenceId} is not valid for ${style} (use an electrode id >= 0, -2 for global median${style === 'v1' ? ', or -1 for none' : ''})`,
      details: { referenceId, style },
    });
  },
  noChannelsBesideReference(electrodeIds: readonly number[], referenceId: number): RecomputeError {
    return new RecomputeError({
      code: 'SORT_GROUP_EMPTY',
      message: `sort group has no channels left after removing reference ${referenceId}`,
      details: { electrodeIds, referenceId },
    });
  },
  intervalOutsideRecording(interval: [number, number], filePath: string, recording: [number, number]): RecomputeError {
    return new RecomputeError({
      code: 'INTERVAL_OUTSIDE_DATA',
      message: `interval [${interval[0]}, ${interval[1]}] does not overlap the recording ${filePath} ([${recording[0]}, ${recording[1]}])`,
      details: { interval, recording },
    });
  },
  sampleRangeOutsideRecording(range: { start: number; end: number }, filePath: string, numSamples: number): RecomputeError {
    return new RecomputeError({
      code: 'SAMPLE_RANGE_OUT_OF_BOUNDS',
      message: `sample range [${range.start}, ${range.end}) is outside ${filePath} (0..${numSamples})`,
      details: { range, numSamples },
    });
  },
  intervalMissing(): RecomputeError {
    return new RecomputeError({ code: 'INTERVAL_MISSING', message: 'preprocessing needs `intervals` (seconds) or `ranges` (samples)' });
  },
  timestampsTooFew(count: number): RecomputeError {
    return new RecomputeError({ code: 'TIMESTAMPS_TOO_FEW', message: `cannot derive a sampling rate from ${count} timestamp(s)` });
  },
  /** Spyglass's ingest estimate needs at least 10 timestamp differences. */
  timestampDifferencesTooFew(count: number): RecomputeError {
    return new RecomputeError({
      code: 'TIMESTAMPS_TOO_FEW',
      message: `only ${count} timestamp differences: need at least 10 to estimate a sampling rate`,
      details: { differences: count },
    });
  },
  /** `readNpy` reads C-order int16, float64 and int64 arrays only. */
  npyUnsupported(filePath: string, what: string): RecomputeError {
    return new RecomputeError({ code: 'NPY_INVALID', message: `${filePath}: ${what}`, details: { file: filePath } });
  },
  workerScriptMissing(scriptPath: string): RecomputeError {
    return new RecomputeError({
      code: 'WORKER_SCRIPT_MISSING',
      message: `filter worker script not found at ${scriptPath}: build @spyglass-recompute/preprocessing first`,
    });
  },
  filterWorkerFailed(message: string, cause?: unknown): RecomputeError {
    return new RecomputeError({ code: 'FILTER_WORKER_FAILED', message, ...(cause !== undefined ? { cause } : {}) });
  },
  /** Our own chunk stream broke its order (exit 1): the code stays TRACES_INVALID, as callers match it. */
  channelGroupsOutOfOrder(reason: string): RecomputeError {
    return new RecomputeError({ code: 'TRACES_INVALID', message: `channel groups out of order: ${reason}`, exitCode: 1 });
  },
};
