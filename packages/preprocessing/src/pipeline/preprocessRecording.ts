import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import type { FilterCall } from '../chunking/chunkPlan';
import { designButterBandpass } from '../filter/designButterBandpass';
import { preprocessingErrors } from '../preprocessingErrors';
import { sosfiltZi } from '../filter/sosfiltZi';
import type { RawRecordingReader } from '../io/RawRecordingReader';
import { referenceVector } from '../reference/referenceVector';
import type { ReferenceMode, TraceDtype } from '../reference/referenceTraces';
import type { Interval } from '../time/intervals';
import { samplingFrequencyFromTimestamps } from '../time/samplingFrequencyFromTimestamps';
import { v0SegmentRanges, v1ConsolidatedRanges } from '../time/sliceIndices';
import type { SampleRange } from '../time/sliceIndices';
import { createFilterWorkspace, filterChunk } from './filterChunk';
import type { FilterChunkInput } from './filterChunk';
import { FilterPool } from './FilterPool';
import { filterCallSpilled } from './filterCallSpilled';
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
  /** CPU class of the reference platform for the filter design (see `designButterBandpass`). @default 'avx512' */
  platform?: 'avx512' | 'baseline';
  /** spikeinterface filter margin (Spyglass never overrides the 5 ms default). @default 5 */
  marginMs?: number;
  /** Chunk size override in samples (default: v0 `int(10·fs)`, v1 hdmf buffer rows). */
  chunkSize?: number;
  /**
   * v1: hdmf's `chunk_mb` for the buffer rows (hdmf < 3.9: 1, hdmf >= 3.9: 10; the writer
   * profile decides). @default 1
   */
  hdmfChunkMb?: number;
  /** v1: `buffer_gb` Spyglass gives hdmf's iterator (the writer profile's). @default 5 */
  hdmfBufferGb?: number;
  /** Filter worker threads; 0 filters on the calling thread. @default min(4, cores) */
  workers?: number;
  /**
   * Memory budget per filter task (raw rows, output, float64 work buffers): a chunk that
   * would exceed it is filtered (and yielded) in channel groups. Filtering is per channel,
   * so the result is identical; only memory and parallelism change. @default 64 MiB
   */
  maxTaskBytes?: number;
  /**
   * v1 (float64): directory for the forward pass of filter calls larger than
   * `spillAboveBytes` (see `filterCallSpilled`): such a call is filtered in blocks of about
   * `maxTaskBytes` with bit-identical results, instead of in memory. Unset: never spilled.
   */
  spillDirectory?: string;
  /** Float64 output size of one filter call above which it is spilled. @default 256 MiB */
  spillAboveBytes?: number;
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

/**
 * One filtered block, in segment order, then chunk order, then channel-group order: when a
 * chunk is too large for `maxTaskBytes` its channels arrive as several blocks
 * (`channelStart..channelEnd`), each covering all rows of the chunk.
 */
export interface PreprocessedChunk {
  segmentIndex: number;
  /** Sample range within the segment. */
  start: number;
  end: number;
  /** Output channel range `[channelStart, channelEnd)` this block holds. */
  channelStart: number;
  channelEnd: number;
  /** Row-major `(end - start) × (channelEnd - channelStart)`; int16 (v0) or float64 (v1). */
  data: Int16Array | Float64Array;
  /**
   * Optional: call once `data` is no longer needed to let the pipeline read a later chunk into
   * its memory (fresh memory is what costs most here). `data` must not be used afterwards.
   */
  release: () => void;
}

/**
 * Whether `buffer` is a plain (transferable) ArrayBuffer, not shared memory. Asked of the
 * tag, not with `instanceof`: results of the filter kernels may come from another realm
 * (jest's sandbox), where `instanceof ArrayBuffer` is false for a plain one.
 */
function isTransferable(buffer: ArrayBufferLike): buffer is ArrayBuffer {
  return Object.prototype.toString.call(buffer) === '[object ArrayBuffer]';
}

function referenceMode(reader: RawRecordingReader, referenceId: number, style: PipelineStyle): ReferenceMode {
  if (referenceId >= 0) return { kind: 'single', column: reader.columnsOfElectrodes([referenceId])[0] };
  if (referenceId === -2) return { kind: 'median' };
  if (referenceId === -1 && style === 'v1') return { kind: 'none' };
  throw preprocessingErrors.referenceInvalid(referenceId, style);
}

/**
 * Decides sampling rate, filter, channel mapping, slicing and chunking for a recording —
 * no traces are read.
 */
export function planPreprocessing(
  reader: RawRecordingReader,
  options: PreprocessOptions,
): PreprocessPlan & { columns: number[]; reference: ReferenceMode } {
  const { style, electrodeIds, referenceId } = options;
  const head = reader.readTimestamps(0, Math.min(reader.numSamples, 100000));
  const samplingFrequency = samplingFrequencyFromTimestamps(head);
  const sos = designButterBandpass(samplingFrequency, {
    frequencyMin: options.frequencyMin ?? 300,
    frequencyMax: options.frequencyMax ?? 6000,
    platform: options.platform,
  });
  const reference = referenceMode(reader, referenceId, style);
  const channelElectrodeIds = electrodeIds.filter((id) => id !== referenceId);
  if (channelElectrodeIds.length === 0) {
    throw preprocessingErrors.noChannelsBesideReference(electrodeIds, referenceId);
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
        throw preprocessingErrors.intervalOutsideRecording([a, b], reader.filePath, [t0, t1]);
      }
    }
    ranges = style === 'v0' ? v0SegmentRanges(ts, options.intervals) : v1ConsolidatedRanges(ts, options.intervals);
  } else {
    throw preprocessingErrors.intervalMissing();
  }
  for (const r of ranges) {
    if (!(r.start >= 0 && r.end <= reader.numSamples && r.start <= r.end)) {
      throw preprocessingErrors.sampleRangeOutsideRecording(r, reader.filePath, reader.numSamples);
    }
  }
  const { margin, segments } = planSegments(ranges, {
    style,
    samplingFrequency,
    nChannels: channelElectrodeIds.length,
    sos,
    marginMs: options.marginMs,
    chunkSize: options.chunkSize,
    hdmfChunkMb: options.hdmfChunkMb,
    hdmfBufferGb: options.hdmfBufferGb,
  });
  const channelIds = columns.map((c) => reader.columnChannelIds[c]);
  return {
    style,
    samplingFrequency,
    margin,
    sos,
    channelElectrodeIds,
    channelIds,
    dtype: style === 'v0' ? 'int16' : 'float64',
    segments,
    columns,
    reference,
  };
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

/**
 * Raw rows `[a, b)` of a segment whose samples are the concatenation of `ranges`, read into
 * `target` when it is given and large enough (a recycled buffer), else into fresh memory.
 */
function readSegmentRows(
  reader: RawRecordingReader,
  ranges: SampleRange[],
  a: number,
  b: number,
  colStart: number,
  colEnd: number,
  target?: Int16Array,
): Int16Array {
  const width = colEnd - colStart;
  const n = (b - a) * width;
  if (!target || target.length < n) {
    // common case: the rows lie in one range, read them without an extra copy
    let offset0 = 0;
    for (const r of ranges) {
      const len = r.end - r.start;
      if (a >= offset0 && b <= offset0 + len) return reader.readRows(r.start + (a - offset0), r.start + (b - offset0), colStart, colEnd);
      offset0 += len;
    }
  }
  const out = target && target.length >= n ? target.subarray(0, n) : new Int16Array(n);
  let offset = 0; // segment index of the current range's first sample
  let written = 0;
  for (const r of ranges) {
    const len = r.end - r.start;
    const lo = Math.max(a, offset);
    const hi = Math.min(b, offset + len);
    if (hi > lo) {
      reader.readRowsInto(r.start + (lo - offset), r.start + (hi - offset), colStart, colEnd, out.subarray(written));
      written += (hi - lo) * width;
    }
    offset += len;
  }
  return out;
}

/**
 * Timestamps of segment samples `[a, b)` (the segment's `ranges` concatenated), read into
 * `target` when it is given and large enough (a buffer refilled batch after batch), else into
 * fresh memory.
 */
export function segmentTimestamps(
  reader: RawRecordingReader,
  segment: SegmentPlan,
  a = 0,
  b = segment.numSamples,
  target?: Float64Array,
): Float64Array {
  const out = target && target.length >= b - a ? target.subarray(0, b - a) : new Float64Array(b - a);
  let offset = 0;
  let written = 0;
  for (const r of segment.ranges) {
    const len = r.end - r.start;
    const lo = Math.max(a, offset);
    const hi = Math.min(b, offset + len);
    if (hi > lo) {
      reader.readTimestampsInto(r.start + (lo - offset), r.start + (hi - offset), out.subarray(written));
      written += hi - lo;
    }
    offset += len;
  }
  return out;
}

/**
 * Streams the referenced, band-passed traces of a recording, chunk by chunk in segment
 * order, reproducing spikeinterface 0.99.1 as Spyglass v0 or v1 runs it. Memory is bounded
 * by `workers` chunks in flight (plus one being consumed).
 */
export async function* preprocessRecording(
  reader: RawRecordingReader,
  options: PreprocessOptions,
  plan = planPreprocessing(reader, options),
): AsyncGenerator<PreprocessedChunk, void, undefined> {
  const zi = sosfiltZi(plan.sos);
  const nChannels = plan.columns.length;
  const refColumn = plan.reference.kind === 'single' ? plan.reference.column : undefined;
  const allStart = Math.min(...plan.columns, refColumn ?? Infinity);
  const allEnd = Math.max(...plan.columns, refColumn ?? -Infinity) + 1;
  const budget = options.maxTaskBytes ?? 64 * 1024 * 1024;
  const workers = options.workers ?? Math.min(4, availableParallelism());
  // float64 (v1) tasks hold results 4× the size of their raw rows, and a v1 chunk is long
  // (hdmf's buffer: often the whole recording), so it runs on one worker while this thread
  // reads the next channel group: that keeps the peak memory of two tasks off, and reading,
  // not filtering, is what bounds v1's time
  const concurrency = plan.dtype === 'float64' ? Math.min(workers, 1) : workers;
  const spillAbove = options.spillAboveBytes ?? 256 * 1024 * 1024;
  const spills = (call: FilterCall): boolean =>
    plan.dtype === 'float64' &&
    options.spillDirectory !== undefined &&
    (call.end - call.start + call.leftMargin + call.rightMargin) * nChannels * 8 > spillAbove;
  const spilling = plan.segments.some((segment) => segment.calls.some(spills));
  // the spilling path filters on this thread: no worker pool to start (or stop)
  const pool = concurrency > 0 && !spilling ? new FilterPool(concurrency) : undefined;

  interface Task {
    segmentIndex: number;
    call: FilterCall;
    channelStart: number;
    channelEnd: number;
    input: () => FilterChunkInput;
  }
  // Per call: the reference vector is computed once (reading rows in batches), then each
  // channel group reads only its own columns. One group (the common case) reads once.
  function* tasksOf(segmentIndex: number, call: FilterCall): Generator<Task> {
    const segment = plan.segments[segmentIndex];
    const a = call.start - call.leftMargin;
    const b = call.end + call.rightMargin;
    const rows = b - a;
    // a float64 result holds the call's rows without its margins
    const outRows = call.end - call.start;
    // task memory: raw int16 + output for each channel, plus float64 work buffers for at
    // most 8 channels at a time (filterChunk's channel group)
    const itemsize = plan.dtype === 'int16' ? 2 : 8;
    const taskBytes = (g: number): number => rows * (8 * Math.min(g, 8) + g * (itemsize + 2));
    let maxGroup = nChannels;
    while (maxGroup > 1 && taskBytes(maxGroup) > budget) maxGroup--;
    const nGroups = Math.ceil(nChannels / maxGroup);
    const groupSize = Math.ceil(nChannels / nGroups);
    const base = { leftMargin: call.leftMargin, rightMargin: call.rightMargin, sos: plan.sos, zi, dtype: plan.dtype };
    if (nGroups === 1) {
      yield {
        segmentIndex,
        call,
        channelStart: 0,
        channelEnd: nChannels,
        input: () => ({
          ...base,
          raw: readSegmentRows(reader, segment.ranges, a, b, allStart, allEnd, takeBuffer(rows, allEnd - allStart)),
          nColumns: allEnd - allStart,
          // the raw chunk's memory may become the int16 output, which comes back through release()
          reuseRaw: true,
          channelColumns: plan.columns.map((c) => c - allStart),
          reference: refColumn === undefined ? plan.reference : { kind: 'single', column: refColumn - allStart },
          output: takeOutput(outRows * nChannels * 8),
        }),
      };
      return;
    }
    let refValues: Float64Array | undefined;
    const referenceValues = (): Float64Array => {
      if (refValues) return refValues;
      // shared with every group's worker instead of copied
      const values = new Float64Array(new SharedArrayBuffer(rows * 8));
      if (plan.reference.kind !== 'none') {
        const batch = Math.max(1, Math.floor((8 * 1024 * 1024) / ((allEnd - allStart) * 2)));
        for (let r = a; r < b; r += batch) {
          const e = Math.min(b, r + batch);
          batchBuffer ??= new Int16Array(batch * (allEnd - allStart));
          const raw = readSegmentRows(reader, segment.ranges, r, e, allStart, allEnd, batchBuffer);
          const ref: ReferenceMode = refColumn === undefined ? plan.reference : { kind: 'single', column: refColumn - allStart };
          values.set(
            referenceVector(
              raw,
              allEnd - allStart,
              plan.columns.map((c) => c - allStart),
              ref,
              plan.dtype,
            ),
            r - a,
          );
        }
      }
      refValues = values;
      return values;
    };
    for (let g0 = 0; g0 < nChannels; g0 += groupSize) {
      const g1 = Math.min(nChannels, g0 + groupSize);
      const cols = plan.columns.slice(g0, g1);
      const c0 = Math.min(...cols);
      const c1 = Math.max(...cols) + 1;
      yield {
        segmentIndex,
        call,
        channelStart: g0,
        channelEnd: g1,
        input: () => ({
          ...base,
          raw: readSegmentRows(reader, segment.ranges, a, b, c0, c1, takeBuffer(rows, c1 - c0)),
          nColumns: c1 - c0,
          channelColumns: cols.map((c) => c - c0),
          reference: { kind: 'none' },
          referenceValues: referenceValues(),
          output: takeOutput(outRows * (g1 - g0) * 8),
        }),
      };
    }
  }
  function* allTasks(): Generator<Task> {
    for (const [segmentIndex, segment] of plan.segments.entries()) for (const call of segment.calls) yield* tasksOf(segmentIndex, call);
  }
  // Buffers released by the consumer (or handed back by workers), to read later chunks into:
  // fresh memory costs page faults here, a copy into warm memory does not. A fresh raw buffer
  // is sized for the plan's longest filter call, so any later chunk of that width fits in it.
  const free: ArrayBuffer[] = [];
  const maxFree = concurrency + 2;
  const maxRows = Math.max(0, ...plan.segments.flatMap((s) => s.calls.map((c) => c.end - c.start + c.leftMargin + c.rightMargin)));
  function takeBuffer(rows: number, width: number): Int16Array {
    const bytes = rows * width * 2;
    const i = free.findIndex((b) => b.byteLength >= bytes);
    if (i >= 0) return new Int16Array(free.splice(i, 1)[0]);
    return pool?.takeSpare(bytes) ?? new Int16Array(Math.max(rows, maxRows) * width);
  }
  // float64 (v1) results the consumer released, for workers to write later results into
  // (at most one kept: they are 4× the raw size)
  const freeOutputs: ArrayBuffer[] = [];
  function takeOutput(bytes: number): ArrayBuffer | undefined {
    if (plan.dtype !== 'float64') return undefined;
    const i = freeOutputs.findIndex((b) => b.byteLength >= bytes);
    return i >= 0 ? freeOutputs.splice(i, 1)[0] : undefined;
  }
  let batchBuffer: Int16Array | undefined;
  const block = (t: Task, data: Int16Array | Float64Array): PreprocessedChunk => {
    let released = false;
    return {
      segmentIndex: t.segmentIndex,
      start: t.call.start,
      end: t.call.end,
      channelStart: t.channelStart,
      channelEnd: t.channelEnd,
      data,
      release: () => {
        if (released) return;
        released = true;
        // int16 (v0) outputs live in raw-sized buffers that the next raw chunk fits in; float64
        // ones (v1) take the next float64 result
        if (!isTransferable(data.buffer)) return;
        if (data instanceof Int16Array) {
          if (free.length < maxFree) free.push(data.buffer);
        } else if (freeOutputs.length < 1) freeOutputs.push(data.buffer);
      },
    };
  };
  if (spilling) {
    // Calls too large for memory (hdmf >= 3.9 buffers: up to 5 GB) are filtered in blocks on
    // this thread, their forward pass spilled under spillDirectory; the others as usual.
    const spillDirectory = options.spillDirectory as string;
    mkdirSync(spillDirectory, { recursive: true });
    const workspace = createFilterWorkspace();
    const width = allEnd - allStart;
    const blockRows = Math.max(1024, Math.floor(budget / (2 * width + 16 * nChannels)));
    for (const [segmentIndex, segment] of plan.segments.entries()) {
      for (const call of segment.calls) {
        if (!spills(call)) {
          for (const t of tasksOf(segmentIndex, call)) yield block(t, filterChunk(t.input(), workspace));
          continue;
        }
        const a = call.start - call.leftMargin;
        const blocks = filterCallSpilled({
          readRows: (r0, r1) => readSegmentRows(reader, segment.ranges, a + r0, a + r1, allStart, allEnd),
          nRows: call.end - call.start + call.leftMargin + call.rightMargin,
          nColumns: width,
          channelColumns: plan.columns.map((c) => c - allStart),
          reference: refColumn === undefined ? plan.reference : { kind: 'single', column: refColumn - allStart },
          leftMargin: call.leftMargin,
          rightMargin: call.rightMargin,
          sos: plan.sos,
          zi,
          spillPath: path.join(spillDirectory, `.filter-spill-${process.pid}-${randomBytes(4).toString('hex')}.f64`),
          blockRows,
        });
        for (const b of blocks) {
          yield {
            segmentIndex,
            start: call.start + b.start,
            end: call.start + b.end,
            channelStart: 0,
            channelEnd: nChannels,
            data: b.data,
            release: () => undefined,
          };
        }
      }
    }
    return;
  }
  try {
    if (!pool) {
      const workspace = createFilterWorkspace();
      for (const t of allTasks()) yield block(t, filterChunk(t.input(), workspace));
      return;
    }
    const inFlight: { task: Task; result: Promise<Int16Array | Float64Array> }[] = [];
    // one task queued beyond the workers, so a worker that finishes starts the next chunk at
    // once instead of idling while this thread hands its result to the consumer and reads
    // another (one more raw buffer, recycled)
    const maxInFlight = concurrency + 1;
    const it = allTasks();
    let exhausted = false;
    while (!exhausted || inFlight.length > 0) {
      while (!exhausted && inFlight.length < maxInFlight) {
        const n = it.next();
        if (n.done) {
          exhausted = true;
          break;
        }
        const result = pool.run(n.value.input());
        result.catch(() => undefined); // surfaced when awaited in order
        inFlight.push({ task: n.value, result });
      }
      const head = inFlight.shift();
      if (head) yield block(head.task, await head.result);
    }
  } finally {
    await pool?.close();
  }
}
