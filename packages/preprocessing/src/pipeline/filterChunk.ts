import { castToInt16 } from '../cast/castToInt16';
import { sosfiltfilt } from '../filter/sosfiltfilt';
import type { TraceDtype } from '../reference/referenceTraces';

/** One filter call: referenced traces of a chunk plus its margins. */
export interface FilterChunkInput {
  /** Row-major `(leftMargin + rows + rightMargin) × nChannels` referenced traces. */
  traces: Int16Array | Float64Array;
  nChannels: number;
  leftMargin: number;
  rightMargin: number;
  sos: Float64Array;
  zi: Float64Array;
  /** Output dtype: v0 int16 (numpy astype), v1 float64. */
  dtype: TraceDtype;
}

/**
 * spikeinterface `FilterRecordingSegment.get_traces` for one chunk: `sosfiltfilt` over
 * chunk + margins, crop the margins, cast to the output dtype.
 */
export function filterChunk(input: FilterChunkInput): Int16Array | Float64Array {
  const { traces, nChannels, leftMargin, rightMargin, sos, zi, dtype } = input;
  const totalRows = traces.length / nChannels;
  // float64 input can be filtered in place: each column is copied out before it is overwritten
  const filtered = sosfiltfilt(sos, traces, nChannels, { zi }, traces instanceof Float64Array ? traces : undefined);
  const cropped = filtered.subarray(leftMargin * nChannels, (totalRows - rightMargin) * nChannels);
  return dtype === 'int16' ? castToInt16(cropped) : cropped;
}
