import { constants as fsConstants } from 'node:fs';
import { mkdir, open, rename, rm, stat, writeFile } from 'node:fs/promises';
import { endianness } from 'node:os';
import path from 'node:path';
import { temporarySibling } from '@spyglass-recompute/nwb';
import { isRecomputeError } from '@spyglass-recompute/errors';
import { buildFolderFiles, type SegmentFileNames } from './buildFolderFiles';
import { folderErrors } from './folderErrors';
import { encodeNpyHeader } from './npy/encodeNpy';
import { isTypedArrayOf } from './typedArrayKind';
import type { SiRecording } from './si/SiRecording';
import type { V0WriterProfile } from '../profiles/V0WriterProfile';

/** The data of one segment, streamed in order. */
export interface SegmentData {
  /** int16 traces, C order (time × channels), in chunks of whole rows. */
  readonly traces: AsyncIterable<Int16Array> | Iterable<Int16Array>;
  /** float64 time vector (only for segments with one), whole or in chunks. */
  readonly times?: Float64Array | AsyncIterable<Float64Array> | Iterable<Float64Array>;
}

/** Options of {@link writeRecordingFolder}. */
export interface WriteRecordingFolderOptions {
  /** The folder to create (`{recording_dir}/{nwb}_{interval}_{group}_{params}`). */
  readonly folderPath: string;
  /** The recording chain (see `buildV0Recording`) whose metadata the folder holds. */
  readonly recording: SiRecording;
  /** One entry per recording segment. */
  readonly segments: readonly SegmentData[];
  /** Replace an existing folder (only after the new one is complete). @default false */
  readonly overwrite?: boolean;
  /** JSON dialect of the folder. @default the `si-0.99` profile */
  readonly profile?: V0WriterProfile;
}

/** What was written. */
export interface WrittenRecordingFolder {
  readonly folderPath: string;
  /** Relative paths of every file written, sorted. */
  readonly files: readonly string[];
}

async function exists(p: string): Promise<boolean> {
  try {
    await stat(p);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw error;
  }
}

function asBytes(view: ArrayBufferView): Uint8Array {
  return new Uint8Array(view.buffer, view.byteOffset, view.byteLength);
}

async function writeTraces(file: string, names: SegmentFileNames, numChannels: number, data: SegmentData['traces']): Promise<void> {
  const handle = await open(file, fsConstants.O_WRONLY | fsConstants.O_CREAT | fsConstants.O_EXCL);
  try {
    let rows = 0;
    for await (const chunk of data) {
      if (!isTypedArrayOf(chunk, 'Int16Array')) {
        throw folderErrors.tracesInvalid(names.traces, 'trace chunks must be Int16Array');
      }
      if (chunk.length % numChannels !== 0) {
        throw folderErrors.tracesInvalid(
          names.traces,
          `a chunk of ${chunk.length} values is not a whole number of ${numChannels}-channel rows`,
        );
      }
      rows += chunk.length / numChannels;
      if (rows > names.numSamples) {
        throw folderErrors.tracesInvalid(names.traces, `more than the segment's ${names.numSamples} samples were given`);
      }
      await handle.write(asBytes(chunk));
    }
    if (rows !== names.numSamples) {
      throw folderErrors.tracesInvalid(names.traces, `got ${rows} samples, the segment has ${names.numSamples}`);
    }
  } finally {
    await handle.close();
  }
}

async function writeTimes(file: string, names: SegmentFileNames, data: NonNullable<SegmentData['times']>): Promise<void> {
  const handle = await open(file, fsConstants.O_WRONLY | fsConstants.O_CREAT | fsConstants.O_EXCL);
  try {
    await handle.write(encodeNpyHeader('<f8', [names.numSamples]));
    let count = 0;
    const chunks = isTypedArrayOf(data, 'Float64Array')
      ? [data as Float64Array]
      : (data as AsyncIterable<Float64Array> | Iterable<Float64Array>);
    for await (const chunk of chunks) {
      if (!isTypedArrayOf(chunk, 'Float64Array')) {
        throw folderErrors.timesInvalid(names.times, 'time chunks must be Float64Array');
      }
      count += chunk.length;
      if (count > names.numSamples) break;
      await handle.write(asBytes(chunk));
    }
    if (count !== names.numSamples) {
      throw folderErrors.timesInvalid(names.times, `got ${count} timestamps, the segment has ${names.numSamples} samples`);
    }
  } finally {
    await handle.close();
  }
}

/**
 * Writes a spikeinterface binary folder (what `recording.save(folder=...)` writes)
 * for `recording`, streaming every segment's traces and times in bounded memory. The
 * folder is built under a hidden sibling name and renamed into place only when complete,
 * so a crash never leaves a half-written folder at `folderPath`.
 */
export async function writeRecordingFolder(options: WriteRecordingFolderOptions): Promise<WrittenRecordingFolder> {
  const { folderPath, recording, segments, overwrite = false } = options;
  if (endianness() !== 'LE') {
    throw folderErrors.bigEndianHost();
  }
  const layout = buildFolderFiles(recording, options.profile);
  if (segments.length !== layout.segments.length) {
    throw folderErrors.segmentCount(layout.segments.length, segments.length);
  }
  layout.segments.forEach((names, k) => {
    const hasTimes = segments[k]?.times !== undefined;
    if (hasTimes !== (names.times !== null)) {
      throw folderErrors.segmentTimes(k, names.times !== null);
    }
  });

  const target = path.resolve(folderPath);
  if (!overwrite && (await exists(target))) {
    throw folderErrors.folderExists(target);
  }
  const parent = path.dirname(target);
  const temp = temporarySibling(target, 'partial');
  const written: string[] = [];
  try {
    await mkdir(parent, { recursive: true });
    await mkdir(temp);
    if (layout.metadataFiles.some((f) => f.relativePath.startsWith('properties/'))) await mkdir(path.join(temp, 'properties'));
    for (const file of layout.metadataFiles) {
      await writeFile(path.join(temp, file.relativePath), file.content, { flag: 'wx' });
      written.push(file.relativePath);
    }
    for (const [k, names] of layout.segments.entries()) {
      const data = segments[k] as SegmentData;
      if (names.times !== null && data.times !== undefined) {
        await writeTimes(path.join(temp, names.times), names, data.times);
        written.push(names.times);
      }
      await writeTraces(path.join(temp, names.traces), names, recording.channelIds.length, data.traces);
      written.push(names.traces);
    }
    if (overwrite && (await exists(target))) {
      const old = temporarySibling(target, 'old');
      await rename(target, old);
      await rename(temp, target);
      await rm(old, { recursive: true, force: true });
    } else {
      await rename(temp, target);
    }
  } catch (error) {
    await rm(temp, { recursive: true, force: true });
    if (isRecomputeError(error)) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOTEMPTY' || code === 'EEXIST') {
      throw folderErrors.folderAppeared(target, error);
    }
    throw folderErrors.writeFailed(`could not write recording folder ${target}: ${(error as Error).message}`, error, {
      folderPath: target,
    });
  }
  return { folderPath: target, files: written.sort() };
}
