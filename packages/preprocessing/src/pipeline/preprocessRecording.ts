import { availableParallelism } from 'node:os';
import { RecomputeError } from '@spyglass-recompute/errors';
import type { FilterCall } from '../chunking/chunkPlan';
import { designButterBandpass } from '../filter/designButterBandpass';
import { sosfiltZi } from '../filter/sosfiltZi';
import type { RawRecordingReader } from '../io/RawRecordingReader';
import type { ReferenceMode, TraceDtype } from '../reference/referenceTraces';
import type { Interval } from '../time/intervals';
import { samplingFrequencyFromTimestamps } from '../time/samplingFrequencyFromTimestamps';
import { v0SegmentRanges, v1ConsolidatedRanges } from '../time/sliceIndices';
import type { SampleRange } from '../time/sliceIndices';
import { filterChunk } from './filterChunk';
import type { FilterChunkInput } from './filterChunk';
import { FilterPool } from './FilterPool';
import { planSegments } from './planPreprocessing';
import type { PipelineStyle, SegmentPlan } from './planPreprocessing';

/** Options of {@link preprocessRecording}. */
export interface PreprocessOptions {
  /** Sort-group electrode ids (the reference electrode, if listed, is dropped from the output). */
  electrodeIds: number[];
  /** Spyglass reference electrode id: >= 0 single, -2 global median, -1 none (v1 only). */
  referenceId: number;
  style: PipelineStyle;
  /** Sort pieces in seconds (sort interval ∩ valid times). Give this or `ranges`. */
  intervals?: Interval[];
  /** Raw sample ranges instead of `intervals` (v0: one segment each; v1: concatenated). */
  ranges?: SampleRange[];
  /** @default 300 */
  frequencyMin?: number;
  /** @default 6000 */
  frequencyMax?: number;
  /** spikeinterface filter margin (Spyglass never overrides the 5 ms default). @default 5 */
  marginMs?: number;
  /** Chunk size override in samples (default: v0 `int(10·fs)`, v1 hdmf buffer rows). */
  chunkSize?: number;
  /** Filter worker threads; 0 filters on the calling thread. @default min(4, cores) */
  workers?: number;
}

/** Everything decided before any trace is filtered. */
export interface PreprocessPlan {
  style: PipelineStyle;
  samplingFrequency: number;
  margin: number;
  sos: Float64Array;
  /** Output channels as electrode ids, in output column order. */
  channelElectrodeIds: number[];
  /** spikeinterface channel ids (channel_name when the electrodes table has it). */
  channelIds: (number | string)[];
  dtype: TraceDtype;
  segments: SegmentPlan[];
}

/** One filtered chunk, in segment order. */
export interface PreprocessedChunk {
  segmentIndex: number;
  /** Sample range within the segment. */
  start: number;
  end: number;
  /** Row-major `(end - start) × channels`; int16 (v0) or float64 (v1). */
  data: Int16Array | Float64Array;
}

function referenceMode(reader: RawRecordingReader, referenceId: number, style: PipelineStyle): ReferenceMode {
  if (referenceId >= 0) return { kind: 'single', column: reader.columnsOfElectrodes([referenceId])[0] };
  if (referenceId === -2) return { kind: 'median' };
  if (referenceId === -1 && style === 'v1') return { kind: 'none' };
  throw new RecomputeError({
    code: 'REFERENCE_INVALID',
    message: `reference electrode id ${referenceId} is not valid for ${style} (use an electrode id >= 0, -2 for global median${style === 'v1' ? ', or -1 for none' : ''})`,
    details: { referenceId, style },
  });
}

/**
 * Decides sampling rate, filter, channel mapping, slicing and chunking for a recording —
 * no traces are read.
 */
export function planPreprocessing(reader: RawRecordingReader, options: PreprocessOptions): PreprocessPlan & { columns: number[]; reference: ReferenceMode } {
  const { style, electrodeIds, referenceId } = options;
  const head = reader.readTimestamps(0, Math.min(reader.numSamples, 100000));
  const samplingFrequency = samplingFrequencyFromTimestamps(head);
  const sos = designButterBandpass(samplingFrequency, { frequencyMin: options.frequencyMin ?? 300, frequencyMax: options.frequencyMax ?? 6000 });
  const reference = referenceMode(reader, referenceId, style);
  const channelElectrodeIds = electrodeIds.filter((id) => id !== referenceId);
  if (channelElectrodeIds.length === 0) {
    throw new RecomputeError({ code: 'SORT_GROUP_EMPTY', message: `sort group has no channels left after removing reference ${referenceId}`, details: { electrodeIds, referenceId } });
  }
  const columns = reader.columnsOfElectrodes(channelElectrodeIds);
  let ranges: SampleRange[];
  if (options.ranges) ranges = options.ranges;
  else if (options.intervals) {
    // timestamps are searched lazily (binary search over the dataset), never loaded whole
    const ts = lazyTimestamps(reader);
    const t0 = ts[0];
    const t1 = ts[reader.numSamples - 1];
    for (const [a, b] of options.intervals) {
      if (!(b >= t0 && a <= t1) || !(b > a)) {
        throw new RecomputeError({
          code: 'INTERVAL_OUTSIDE_RECORDING',
          message: `interval [${a}, ${b}] does not overlap the recording ${reader.filePath} ([${t0}, ${t1}])`,
          details: { interval: [a, b], recording: [t0, t1] },
        });
      }
    }
    ranges = style === 'v0' ? v0SegmentRanges(ts, options.intervals) : v1ConsolidatedRanges(ts, options.intervals);
  } else {
    throw new RecomputeError({ code: 'INTERVAL_MISSING', message: 'preprocessing needs `intervals` (seconds) or `ranges` (samples)' });
  }
  for (const r of ranges) {
    if (!(r.start >= 0 && r.end <= reader.numSamples && r.start <= r.end)) {
      throw new RecomputeError({
        code: 'INTERVAL_OUTSIDE_RECORDING',
        message: `sample range [${r.start}, ${r.end}) is outside ${reader.filePath} (0..${reader.numSamples})`,
        details: { range: r, numSamples: reader.numSamples },
      });
    }
  }
  const { margin, segments } = planSegments(ranges, {
    style,
    samplingFrequency,
    nChannels: channelElectrodeIds.length,
    sos,
    marginMs: options.marginMs,
    chunkSize: options.chunkSize,
  });
  const channelIds = columns.map((c) => reader.columnChannelIds[c]);
  return { style, samplingFrequency, margin, sos, channelElectrodeIds, channelIds, dtype: style === 'v0' ? 'int16' : 'float64', segments, columns, reference };
}

/** An array-like view of the timestamps dataset that reads single values on demand. */
function lazyTimestamps(reader: RawRecordingReader): ArrayLike<number> & Record<number, number> {
  return new Proxy({ length: reader.numSamples } as ArrayLike<number> & Record<number, number>, {
    get(target, prop) {
      if (prop === 'length') return reader.numSamples;
      if (typeof prop === 'string' && /^\d+$/.test(prop)) {
        const i = Number(prop);
        return reader.readTimestamps(i, i + 1)[0];
      }
      return Reflect.get(target, prop);
    },
  });
}

/** Raw rows `[a, b)` of a segment whose samples are the concatenation of `ranges`. */
function readSegmentRows(reader: RawRecordingReader, ranges: SampleRange[], a: number, b: number, colStart: number, colEnd: number): Int16Array {
  // common case: the rows lie in one range, read them without an extra copy
  let offset0 = 0;
  for (const r of ranges) {
    const len = r.end - r.start;
    if (a >= offset0 && b <= offset0 + len) return reader.readRows(r.start + (a - offset0), r.start + (b - offset0), colStart, colEnd);
    offset0 += len;
  }
  const width = colEnd - colStart;
  const out = new Int16Array((b - a) * width);
  let offset = 0; // segment index of the current range's first sample
  let written = 0;
  for (const r of ranges) {
    const len = r.end - r.start;
    const lo = Math.max(a, offset);
    const hi = Math.min(b, offset + len);
    if (hi > lo) {
      out.set(reader.readRows(r.start + (lo - offset), r.start + (hi - offset), colStart, colEnd), written);
      written += (hi - lo) * width;
    }
    offset += len;
  }
  return out;
}

/** Timestamps of segment samples `[a, b)` (the segment's `ranges` concatenated). */
export function segmentTimestamps(reader: RawRecordingReader, segment: SegmentPlan, a = 0, b = segment.numSamples): Float64Array {
  const out = new Float64Array(b - a);
  let offset = 0;
  let written = 0;
  for (const r of segment.ranges) {
    const len = r.end - r.start;
    const lo = Math.max(a, offset);
    const hi = Math.min(b, offset + len);
    if (hi > lo) {
      out.set(reader.readTimestamps(r.start + (lo - offset), r.start + (hi - offset)), written);
      written += hi - lo;
    }
    offset += len;
  }
  return out;
}

/**
 * Streams the referenced, band-passed traces of a recording, chunk by chunk in segment
 * order, reproducing spikeinterface 0.99.1 as Spyglass v0 or v1 runs it. Memory is bounded
 * by (workers + 1) chunks in flight.
 */
export async function* preprocessRecording(
  reader: RawRecordingReader,
  options: PreprocessOptions,
  plan = planPreprocessing(reader, options),
): AsyncGenerator<PreprocessedChunk, void, undefined> {
  const zi = sosfiltZi(plan.sos);
  const colStart = Math.min(...plan.columns, plan.reference.kind === 'single' ? plan.reference.column : Infinity);
  const colEnd = Math.max(...plan.columns, plan.reference.kind === 'single' ? plan.reference.column : -Infinity) + 1;
  const localColumns = plan.columns.map((c) => c - colStart);
  const localReference: ReferenceMode = plan.reference.kind === 'single' ? { kind: 'single', column: plan.reference.column - colStart } : plan.reference;
  const workers = options.workers ?? Math.min(4, availableParallelism());
  const pool = workers > 0 ? new FilterPool(workers) : undefined;
  const makeInput = (segment: SegmentPlan, call: FilterCall): FilterChunkInput => {
    // referencing happens with the filtering (in the worker); the main thread only reads
    const raw = readSegmentRows(reader, segment.ranges, call.start - call.leftMargin, call.end + call.rightMargin, colStart, colEnd);
    return { raw, nColumns: colEnd - colStart, channelColumns: localColumns, reference: localReference, leftMargin: call.leftMargin, rightMargin: call.rightMargin, sos: plan.sos, zi, dtype: plan.dtype };
  };
  try {
    const tasks: { segmentIndex: number; call: FilterCall }[] = [];
    plan.segments.forEach((segment, segmentIndex) => segment.calls.forEach((call) => tasks.push({ segmentIndex, call })));
    if (!pool) {
      for (const { segmentIndex, call } of tasks) {
        const data = filterChunk(makeInput(plan.segments[segmentIndex], call));
        yield { segmentIndex, start: call.start, end: call.end, data };
      }
      return;
    }
    const inFlight: Promise<Int16Array | Float64Array>[] = [];
    let next = 0;
    const maxInFlight = workers + 1;
    while (next < tasks.length || inFlight.length > 0) {
      while (next < tasks.length && inFlight.length < maxInFlight) {
        const t = tasks[next++];
        const p = pool.run(makeInput(plan.segments[t.segmentIndex], t.call));
        p.catch(() => undefined); // surfaced when awaited in order
        inFlight.push(p);
      }
      const done = tasks[next - inFlight.length];
      const data = await (inFlight.shift() as Promise<Int16Array | Float64Array>);
      yield { segmentIndex: done.segmentIndex, start: done.call.start, end: done.call.end, data };
    }
  } finally {
    await pool?.close();
  }
}
