import { preprocessingErrors } from '../preprocessingErrors';
import type { PreprocessedChunk } from './preprocessRecording';

function outOfOrder(message: string): never {
  throw preprocessingErrors.channelGroupsOutOfOrder(message);
}

/**
 * Reassembles the channel groups {@link preprocessRecording} yields for a chunk too large
 * for one task into one full-width chunk (row-major, all `numChannels` columns), so writers
 * that append whole rows never see a partial-width block. Full-width chunks pass through
 * untouched; a split chunk costs one full-width buffer while its groups arrive.
 */
export async function* mergeChannelGroups(
  chunks: AsyncIterable<PreprocessedChunk>,
  numChannels: number,
): AsyncGenerator<PreprocessedChunk, void, undefined> {
  let merged: { chunk: PreprocessedChunk; nextChannel: number } | undefined;
  for await (const chunk of chunks) {
    if (merged === undefined && chunk.channelStart === 0 && chunk.channelEnd === numChannels) {
      yield chunk;
      continue;
    }
    const rows = chunk.end - chunk.start;
    const width = chunk.channelEnd - chunk.channelStart;
    if (chunk.data.length !== rows * width)
      outOfOrder(
        `block of rows ${chunk.start}..${chunk.end} × channels ${chunk.channelStart}..${chunk.channelEnd} holds ${chunk.data.length} values`,
      );
    if (merged === undefined) {
      if (chunk.channelStart !== 0) outOfOrder(`rows ${chunk.start}..${chunk.end} start at channel ${chunk.channelStart}`);
      // The chunk's own constructor: data from filter workers may belong to another realm
      // (jest's sandbox), where `instanceof Int16Array` would be false.
      const Data = chunk.data.constructor as Int16ArrayConstructor | Float64ArrayConstructor;
      merged = {
        chunk: {
          segmentIndex: chunk.segmentIndex,
          start: chunk.start,
          end: chunk.end,
          channelStart: 0,
          channelEnd: numChannels,
          data: new Data(rows * numChannels),
          release: () => undefined,
        },
        nextChannel: 0,
      };
    }
    const target = merged.chunk;
    if (
      chunk.segmentIndex !== target.segmentIndex ||
      chunk.start !== target.start ||
      chunk.end !== target.end ||
      chunk.channelStart !== merged.nextChannel
    ) {
      outOfOrder(
        `expected rows ${target.start}..${target.end} from channel ${merged.nextChannel}, got rows ${chunk.start}..${chunk.end} from channel ${chunk.channelStart}`,
      );
    }
    const out = target.data;
    for (let r = 0; r < rows; r += 1) {
      out.set(chunk.data.subarray(r * width, (r + 1) * width), r * numChannels + chunk.channelStart);
    }
    chunk.release();
    merged.nextChannel = chunk.channelEnd;
    if (merged.nextChannel === numChannels) {
      yield target;
      merged = undefined;
    }
  }
  if (merged !== undefined)
    outOfOrder(`the stream ended inside rows ${merged.chunk.start}..${merged.chunk.end} at channel ${merged.nextChannel}`);
}
