import { divideIntoChunks, filterCalls, filterMarginSamples, hdmfBufferShape, v0ChunkSize } from '../chunking/chunkPlan';
import type { FilterCall } from '../chunking/chunkPlan';
import { sosfiltfiltPadlen } from '../filter/sosfiltfilt';
import { preprocessingErrors } from '../preprocessingErrors';
import type { SampleRange } from '../time/sliceIndices';

/** Which Spyglass pipeline's arithmetic and chunking to reproduce. */
export type PipelineStyle = 'v0' | 'v1';

/** One output segment: raw sample ranges concatenated, and its filter calls. */
export interface SegmentPlan {
  /** Raw sample ranges, concatenated in order (v0: exactly one; v1: one or more). */
  ranges: SampleRange[];
  numSamples: number;
  /** Chunks with their margins, in output order. */
  calls: FilterCall[];
}

/** Options of {@link planSegments}. */
export interface PlanOptions {
  style: PipelineStyle;
  samplingFrequency: number;
  nChannels: number;
  sos: Float64Array;
  /** spikeinterface filter margin in ms. @default 5 */
  marginMs?: number;
  /** Override the chunk size (samples); default v0 `int(10·fs)`, v1 the hdmf buffer rows. */
  chunkSize?: number;
  /** v1: hdmf `chunk_mb` behind the buffer rows (see `hdmfBufferShape`). @default 1 */
  hdmfChunkMb?: number;
  /** v1: hdmf `buffer_gb`. @default 5 */
  hdmfBufferGb?: number;
}

/**
 * Splits the sliced recording into segments (v0: one per range; v1: all ranges
 * concatenated) and each segment into filter calls with margins.
 *
 * @throws RecomputeError `SEGMENT_EMPTY` / `SEGMENT_TOO_SHORT` when scipy would refuse a chunk.
 */
export function planSegments(ranges: SampleRange[], options: PlanOptions): { margin: number; segments: SegmentPlan[] } {
  const { style, samplingFrequency, nChannels, sos, marginMs = 5 } = options;
  const margin = filterMarginSamples(samplingFrequency, marginMs);
  const padlen = sosfiltfiltPadlen(sos);
  const groups = style === 'v0' ? ranges.map((r) => [r]) : [ranges];
  const segments = groups.map((group, index) => {
    const numSamples = group.reduce((n, r) => n + (r.end - r.start), 0);
    if (numSamples <= 0) {
      throw preprocessingErrors.segmentEmpty(index, group);
    }
    const chunkSize =
      options.chunkSize ??
      (style === 'v0'
        ? v0ChunkSize(samplingFrequency)
        : hdmfBufferShape([numSamples, nChannels], 8, options.hdmfBufferGb ?? 5, options.hdmfChunkMb ?? 1).bufferShape[0]);
    const calls = filterCalls(divideIntoChunks(numSamples, chunkSize), numSamples, margin);
    for (const c of calls) {
      const len = c.end - c.start + c.leftMargin + c.rightMargin;
      if (len <= padlen) {
        throw preprocessingErrors.segmentTooShort(index, numSamples, padlen, c, len);
      }
    }
    return { ranges: group, numSamples, calls };
  });
  return { margin, segments };
}
