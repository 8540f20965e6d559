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

  it('truncates (Python int()) rather than rounds at rates whose products have a fraction of .5 or more', () => {
    // The fixtures' rates all give fractions below .5, where rounding and truncation agree.
    expect(v0ChunkSize(29999.97)).toBe(299999); // 10 * fs = 299999.7
    expect(v0ChunkSize(2000.06, 0.5)).toBe(1000); // 0.5 * fs = 1000.03
    expect(filterMarginSamples(29999.97)).toBe(149); // 5 * fs / 1000 = 149.99985
    expect(filterMarginSamples(30_100, 5)).toBe(150); // 150.5
    expect(filterMarginSamples(20_000, 7.5)).toBe(150); // exact
  });

  it.each(['short', 'long'] as const)('reproduces the hdmf writer chunk/buffer shapes (%s)', (variant) => {
    const w = golden(variant).v1['0'];
    const { chunkShape, bufferShape } = hdmfBufferShape([w.num_samples, w.channel_ids.length], 8);
    expect(chunkShape).toEqual(w.writer.data_iterator_chunk_shape);
    expect(bufferShape).toEqual(w.writer.data_iterator_buffer_shape);
  });

  it.each(['short', 'long'] as const)('reproduces hdmf 3.14.5 (chunk_mb 10) shapes of the late-2024 writer (%s)', (variant) => {
    const late = JSON.parse(readFileSync(path.join(FIXTURES, 'multiversion', variant, 'v1_late2024', 'golden.json'), 'utf8'));
    for (const group of Object.values(late.groups) as {
      writer: { data_iterator: { maxshape: number[]; chunk_shape: number[]; buffer_shape: number[] }[] };
    }[]) {
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
