import { mergeChannelGroups } from './mergeChannelGroups';
import type { PreprocessedChunk } from './preprocessRecording';

function block(
  start: number,
  end: number,
  c0: number,
  c1: number,
  value: (r: number, c: number) => number,
  released: string[],
): PreprocessedChunk {
  const data = Int16Array.from({ length: (end - start) * (c1 - c0) }, (_, i) =>
    value(start + Math.floor(i / (c1 - c0)), c0 + (i % (c1 - c0))),
  );
  return { segmentIndex: 0, start, end, channelStart: c0, channelEnd: c1, data, release: () => released.push(`${start}:${c0}`) };
}

async function collect(chunks: PreprocessedChunk[], n: number): Promise<PreprocessedChunk[]> {
  const out: PreprocessedChunk[] = [];
  async function* source() {
    yield* chunks;
  }
  for await (const c of mergeChannelGroups(source(), n)) out.push(c);
  return out;
}

describe('mergeChannelGroups', () => {
  const v = (r: number, c: number) => r * 100 + c;

  it('interleaves channel groups into full rows and releases each group; full chunks pass through', async () => {
    const released: string[] = [];
    const whole = block(0, 3, 0, 5, v, released);
    const out = await collect([whole, block(3, 7, 0, 2, v, released), block(3, 7, 2, 4, v, released), block(3, 7, 4, 5, v, released)], 5);
    expect(out).toHaveLength(2);
    expect(out[0]).toBe(whole);
    expect(out[1]).toMatchObject({ start: 3, end: 7, channelStart: 0, channelEnd: 5 });
    expect([...out[1].data]).toEqual(Array.from({ length: 20 }, (_, i) => v(3 + Math.floor(i / 5), i % 5)));
    expect(released).toEqual(['3:0', '3:2', '3:4']);
  });

  it('refuses groups out of order or a stream that stops inside a chunk (typed error)', async () => {
    const r: string[] = [];
    await expect(collect([block(0, 2, 2, 4, v, r)], 4)).rejects.toMatchObject({ code: 'TRACES_INVALID' });
    await expect(collect([block(0, 2, 0, 2, v, r), block(2, 4, 2, 4, v, r)], 4)).rejects.toMatchObject({ code: 'TRACES_INVALID' });
    await expect(collect([block(0, 2, 0, 2, v, r)], 4)).rejects.toMatchObject({
      code: 'TRACES_INVALID',
      message: expect.stringContaining('ended'),
    });
  });
});
