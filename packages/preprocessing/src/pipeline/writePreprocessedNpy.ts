import { mkdir } from 'node:fs/promises';
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
    let current = -1;
    let traces: NpyWriter | undefined;
    let times: NpyWriter | undefined;
    const closeCurrent = async (): Promise<void> => {
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
        await traces?.append(chunk.data);
        await times?.append(segmentTimestamps(reader, plan.segments[current], chunk.start, chunk.end));
      }
    } finally {
      await closeCurrent();
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
