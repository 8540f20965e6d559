import { folderErrors } from './folderErrors';
import { isTypedArrayOf } from './typedArrayKind';

/** A chunk of traces tagged with its segment (as the preprocessing stream yields them). */
export interface SegmentChunk {
  readonly segmentIndex: number;
  readonly data: Int16Array | Float64Array;
  /** Hands `data`'s memory back to the producer once it is written (see `PreprocessedChunk.release`). */
  readonly release?: () => void;
}

/**
 * Splits one stream of chunks, ordered by segment, into one int16 trace stream per segment
 * for {@link writeRecordingFolder}. The returned streams share the source, so they must be
 * consumed in segment order (which the writer does); nothing is buffered beyond one chunk.
 */
export function splitChunksBySegment(chunks: AsyncIterable<SegmentChunk>, numSegments: number): AsyncIterable<Int16Array>[] {
  const iterator = chunks[Symbol.asyncIterator]();
  let lookahead: SegmentChunk | undefined;
  let finished = false;
  const next = async (): Promise<SegmentChunk | undefined> => {
    if (lookahead !== undefined) {
      const chunk = lookahead;
      lookahead = undefined;
      return chunk;
    }
    if (finished) return undefined;
    const result = await iterator.next();
    if (result.done) {
      finished = true;
      return undefined;
    }
    return result.value;
  };
  const segment = async function* (k: number): AsyncGenerator<Int16Array> {
    let handedOver = false;
    try {
      yield* segmentChunks(k, () => {
        handedOver = true;
      });
    } finally {
      // Stopped early (the writer failed, or a chunk was invalid): stop the source too, so
      // its filter workers shut down instead of keeping the process alive.
      if (!handedOver) await iterator.return?.();
    }
  };
  const segmentChunks = async function* (k: number, done: () => void): AsyncGenerator<Int16Array> {
    for (;;) {
      const chunk = await next();
      if (chunk === undefined) {
        done();
        return;
      }
      if (chunk.segmentIndex > k) {
        lookahead = chunk;
        done();
        return;
      }
      if (chunk.segmentIndex < k || chunk.segmentIndex >= numSegments) {
        throw folderErrors.traceChunksInvalid(
          `a chunk of segment ${chunk.segmentIndex} arrived while writing segment ${k} (chunks must come in segment order)`,
        );
      }
      if (!isTypedArrayOf(chunk.data, 'Int16Array')) {
        throw folderErrors.traceChunksInvalid(`segment ${k}: v0 folders hold int16 traces, got a float64 chunk`);
      }
      yield chunk.data as Int16Array;
      // resumed: the writer has written this chunk, its memory can take a later chunk
      chunk.release?.();
    }
  };
  return Array.from({ length: numSegments }, (_, k) => ({ [Symbol.asyncIterator]: () => segment(k) }));
}
