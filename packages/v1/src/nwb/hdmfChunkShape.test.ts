import fs from 'node:fs';
import path from 'node:path';
import { hdmfChunkShape } from './hdmfChunkShape';

const fixtures = path.resolve(__dirname, '../../../../../shared/fixtures/spikesorting');
const readGolden = (variant: string) => JSON.parse(fs.readFileSync(path.join(fixtures, variant, 'golden.json'), 'utf8'));

describe('hdmfChunkShape', () => {
  it.each(['0', '1'])('matches the chunk and buffer shapes hdmf used for the short v1 file, group %s', (group) => {
    const v1 = readGolden('short').v1[group];
    const { chunkShape, bufferShape } = hdmfChunkShape([v1.num_samples, v1.channel_ids.length], 8);
    expect(chunkShape).toEqual(v1.writer.data_chunks);
    expect(chunkShape).toEqual(v1.writer.data_iterator_chunk_shape);
    expect(bufferShape).toEqual(v1.writer.data_iterator_buffer_shape);
  });

  it('matches the long variant buffers recorded in golden.json', () => {
    const v1 = readGolden('long').v1['0'];
    const { chunkShape, bufferShape } = hdmfChunkShape([v1.num_samples, v1.channel_ids.length], 8);
    expect(chunkShape).toEqual(v1.writer.data_chunks);
    const starts = v1.writer.buffer_selections.map((sel: number[][]) => sel[0]);
    expect(starts[0]).toEqual([0, bufferShape[0]]);
  });

  it('gives one-dimensional timestamps a single chunk up to 125000 rows', () => {
    expect(hdmfChunkShape([60000], 8).chunkShape).toEqual([60000]);
    expect(hdmfChunkShape([585000], 8).chunkShape).toEqual([125000]);
  });

  it('rejects empty or non-integer shapes', () => {
    expect(() => hdmfChunkShape([0, 4], 8)).toThrow(RangeError);
    expect(() => hdmfChunkShape([], 8)).toThrow(RangeError);
  });
});
