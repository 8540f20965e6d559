import { mkdir, open, rm } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import path from 'node:path';
import type { FilterCall } from '../chunking/chunkPlan';
import { NpyWriter } from '../io/npy';
import { withRawRecording } from '../io/RawRecordingReader';
import { planPreprocessing, preprocessRecording, segmentTimestamps } from './preprocessRecording';
import type { PreprocessOptions } from './preprocessRecording';
import type { PipelineStyle } from './planPreprocessing';

/** What {@link writePreprocessedNpy} wrote. */
export interface PreprocessSummary {
  style: PipelineStyle;
  samplingFrequency: number;
  /** Filter margin in samples. */
  margin: number;
  /** sos coefficients, `sections × 6`. */
  sos: number[][];
  channelElectrodeIds: number[];
  channelIds: (number | string)[];
  dtype: 'int16' | 'float64';
  segments: {
    samples: number;
    /** First raw sample of the segment. */
    start: number;
    /** Raw end (exclusive) of the segment's last range. */
    end: number;
    /** Raw sample ranges concatenated into the segment. */
    ranges: { start: number; end: number }[];
    tracesFile: string;
    timesFile: string;
  }[];
  /** Filter calls per segment (chunk bounds within the segment plus margins). */
  chunkPlan: FilterCall[][];
}

/**
 * Preprocesses `rawPath` and writes `traces_seg{k}.npy` (v0 int16 / v1 float64, C order,
 * samples × channels) and `times_seg{k}.npy` (float64) into `outDir`, streaming chunk by
 * chunk.
 */
export async function writePreprocessedNpy(rawPath: string, options: PreprocessOptions, outDir: string): Promise<PreprocessSummary> {
  await mkdir(outDir, { recursive: true });
  return withRawRecording(rawPath, async (reader) => {
    const plan = planPreprocessing(reader, options);
    const nChannels = plan.channelElectrodeIds.length;
    const segments = plan.segments.map((s, k) => ({
      samples: s.numSamples,
      start: s.ranges[0].start,
      end: s.ranges[s.ranges.length - 1].end,
      ranges: s.ranges.map((r) => ({ start: r.start, end: r.end })),
      tracesFile: path.join(outDir, `traces_seg${k}.npy`),
      timesFile: path.join(outDir, `times_seg${k}.npy`),
    }));
    const parts: { file: string; channels: number }[] = [];
    let current = -1;
    let traces: NpyWriter | undefined;
    let times: NpyWriter | undefined;
    // A whole chunk's write runs behind the loop (one at a time, in order): the pipeline reads
    // and dispatches the next chunk while this one goes to disk, and gets its memory back
    // through release() once it is written.
    let writing: Promise<void> = Promise.resolve();
    const closeCurrent = async (): Promise<void> => {
      await writing;
      await traces?.close();
      await times?.close();
      traces = times = undefined;
    };
    try {
      for await (const chunk of preprocessRecording(reader, options, plan)) {
        if (chunk.segmentIndex !== current) {
          await closeCurrent();
          current = chunk.segmentIndex;
          const seg = segments[current];
          traces = await NpyWriter.create(seg.tracesFile, plan.dtype === 'int16' ? '<i2' : '<f8', [seg.samples, nChannels]);
          times = await NpyWriter.create(seg.timesFile, '<f8', [seg.samples]);
        }
        const rows = chunk.end - chunk.start;
        await writing;
        if (chunk.channelStart === 0 && chunk.channelEnd === nChannels) {
          const [t, ts] = [traces as NpyWriter, times as NpyWriter];
          const stamps = segmentTimestamps(reader, plan.segments[current], chunk.start, chunk.end);
          writing = (async () => {
            await t.append(chunk.data);
            chunk.release();
            await ts.append(stamps);
          })();
          writing.catch(() => undefined); // a failure surfaces at the next await of `writing`
        } else {
          // a chunk split into channel groups: park each group in a temp file, then
          // interleave them row-major in bounded tiles once the last group arrives
          const part = path.join(outDir, `.traces_seg${current}_${chunk.start}_${chunk.channelStart}.part`);
          await writeWhole(part, chunk.data);
          chunk.release();
          parts.push({ file: part, channels: chunk.channelEnd - chunk.channelStart });
          if (chunk.channelEnd === nChannels) {
            await mergeParts(parts.splice(0), rows, nChannels, plan.dtype, traces as NpyWriter);
            await times?.append(segmentTimestamps(reader, plan.segments[current], chunk.start, chunk.end));
          }
        }
      }
      await writing;
    } catch (error) {
      // Unfinished arrays are dropped, never left truncated under their final names.
      await writing.catch(() => undefined);
      await Promise.all([traces?.abort(), times?.abort()]);
      traces = times = undefined;
      throw error;
    } finally {
      writing = writing.catch(() => undefined); // thrown above already
      await closeCurrent();
      await Promise.all(parts.map((p) => rm(p.file, { force: true })));
    }
    const sos: number[][] = [];
    for (let i = 0; i < plan.sos.length; i += 6) sos.push(Array.from(plan.sos.subarray(i, i + 6)));
    return {
      style: plan.style,
      samplingFrequency: plan.samplingFrequency,
      margin: plan.margin,
      sos,
      channelElectrodeIds: plan.channelElectrodeIds,
      channelIds: plan.channelIds,
      dtype: plan.dtype,
      segments,
      chunkPlan: plan.segments.map((s) => s.calls),
    };
  });
}

async function writeWhole(file: string, data: Int16Array | Float64Array): Promise<void> {
  const fh = await open(file, 'w');
  try {
    await fh.write(new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
  } finally {
    await fh.close();
  }
}

/** Interleaves channel-group part files (each `rows × channels`, row-major) into the npy stream. */
async function mergeParts(
  parts: { file: string; channels: number }[],
  rows: number,
  nChannels: number,
  dtype: 'int16' | 'float64',
  out: NpyWriter,
): Promise<void> {
  const itemsize = dtype === 'int16' ? 2 : 8;
  const tileRows = Math.max(1, Math.floor((8 * 1024 * 1024) / (nChannels * itemsize)));
  const handles: FileHandle[] = [];
  // one tile and one read buffer per part, reused for every tile (fresh buffers per tile cost
  // more in page faults and garbage collection than the copying itself)
  const tileBuffer = new ArrayBuffer(tileRows * nChannels * itemsize);
  const partBuffers = parts.map((p) => new ArrayBuffer(tileRows * p.channels * itemsize));
  try {
    for (const p of parts) handles.push(await open(p.file, 'r'));
    for (let r0 = 0; r0 < rows; r0 += tileRows) {
      const n = Math.min(tileRows, rows - r0);
      let c0 = 0;
      for (const [i, p] of parts.entries()) {
        const bytes = n * p.channels * itemsize;
        await handles[i].read(new Uint8Array(partBuffers[i], 0, bytes), 0, bytes, r0 * p.channels * itemsize);
        if (dtype === 'int16') interleaveInt16(new Int16Array(partBuffers[i]), p.channels, new Int16Array(tileBuffer), nChannels, c0, n);
        else interleaveFloat64(new Float64Array(partBuffers[i]), p.channels, new Float64Array(tileBuffer), nChannels, c0, n);
        c0 += p.channels;
      }
      await out.append(dtype === 'int16' ? new Int16Array(tileBuffer, 0, n * nChannels) : new Float64Array(tileBuffer, 0, n * nChannels));
    }
  } finally {
    await Promise.all(handles.map((h) => h.close()));
    await Promise.all(parts.map((p) => rm(p.file, { force: true })));
  }
}

/** Rows of a `width`-column block into columns `c0…` of an `nChannels`-wide tile (one element type per function: monomorphic loops). */
function interleaveInt16(src: Int16Array, width: number, tile: Int16Array, nChannels: number, c0: number, rows: number): void {
  for (let r = 0; r < rows; r++) for (let c = 0; c < width; c++) tile[r * nChannels + c0 + c] = src[r * width + c];
}

/** {@link interleaveInt16} for float64. */
function interleaveFloat64(src: Float64Array, width: number, tile: Float64Array, nChannels: number, c0: number, rows: number): void {
  if (width === 2) {
    // v1's usual channel group (a pair): unrolled
    for (let r = 0, o = c0; r < rows; r++, o += nChannels) {
      tile[o] = src[2 * r];
      tile[o + 1] = src[2 * r + 1];
    }
    return;
  }
  for (let r = 0; r < rows; r++) for (let c = 0; c < width; c++) tile[r * nChannels + c0 + c] = src[r * width + c];
}
