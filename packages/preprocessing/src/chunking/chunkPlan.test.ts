import { readFileSync } from 'node:fs';
import path from 'node:path';
import { FIXTURES, golden } from '../test-support/fixtures';
import { divideIntoChunks, filterCalls, filterMarginSamples, hdmfBufferShape, v0ChunkSize } from './chunkPlan';

describe('chunk plans', () => {
  const fs = Number(golden('short').sampling_frequency_from_median_diff);

  it('derives margin and v0 chunk size from fs like spikeinterface', () => {
    expect(filterMarginSamples(fs)).toBe(golden('short').filter.margin_samples);
    expect(v0ChunkSize(fs)).toBe(golden('short').v0['0'].chunk_size);
  });

  it.each(['short', 'long'] as const)('reproduces the hdmf writer chunk/buffer shapes (%s)', (variant) => {
    const w = golden(variant).v1['0'];
    const { chunkShape, bufferShape } = hdmfBufferShape([w.num_samples, w.channel_ids.length], 8);
    expect(chunkShape).toEqual(w.writer.data_iterator_chunk_shape);
    expect(bufferShape).toEqual(w.writer.data_iterator_buffer_shape);
  });

  it.each(['short', 'long'] as const)('reproduces hdmf 3.14.5 (chunk_mb 10) shapes of the late-2024 writer (%s)', (variant) => {
    const late = JSON.parse(readFileSync(path.join(FIXTURES, 'multiversion', variant, 'v1_late2024', 'golden.json'), 'utf8'));
    for (const group of Object.values(late.groups) as { writer: { data_iterator: { maxshape: number[]; chunk_shape: number[]; buffer_shape: number[] }[] } }[]) {
      const [iterator] = group.writer.data_iterator;
      const { chunkShape, bufferShape } = hdmfBufferShape(iterator.maxshape, 8, 5, 10);
      expect(chunkShape).toEqual(iterator.chunk_shape);
      expect(bufferShape).toEqual(iterator.buffer_shape);
    }
  });

  it('ends with a partial chunk and clips margins at the segment edges', () => {
    const calls = filterCalls(divideIntoChunks(1000, 300), 1000, 149);
    expect(calls).toEqual([
      { start: 0, end: 300, leftMargin: 0, rightMargin: 149 },
      { start: 300, end: 600, leftMargin: 149, rightMargin: 149 },
      { start: 600, end: 900, leftMargin: 149, rightMargin: 100 },
      { start: 900, end: 1000, leftMargin: 149, rightMargin: 0 },
    ]);
    expect(divideIntoChunks(600, 300)).toHaveLength(2);
  });
});
