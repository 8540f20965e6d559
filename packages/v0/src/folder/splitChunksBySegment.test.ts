import { splitChunksBySegment } from './splitChunksBySegment';

async function* source(chunks: { segmentIndex: number; data: Int16Array | Float64Array }[]) {
  for (const c of chunks) yield c;
}
async function collect(it: AsyncIterable<Int16Array>): Promise<number[]> {
  const out: number[] = [];
  for await (const c of it) out.push(...c);
  return out;
}

test('splits an ordered stream into per-segment streams', async () => {
  const [a, b, c] = splitChunksBySegment(
    source([
      { segmentIndex: 0, data: Int16Array.of(1, 2) },
      { segmentIndex: 0, data: Int16Array.of(3) },
      { segmentIndex: 2, data: Int16Array.of(9) },
    ]),
    3,
  );
  expect(await collect(a!)).toEqual([1, 2, 3]);
  expect(await collect(b!)).toEqual([]);
  expect(await collect(c!)).toEqual([9]);
});

test('out-of-order or float chunks are typed errors', async () => {
  const [, b] = splitChunksBySegment(source([{ segmentIndex: 0, data: Int16Array.of(1) }]), 2);
  await expect(collect(b!)).rejects.toMatchObject({ code: 'TRACES_INVALID' });
  const [a] = splitChunksBySegment(source([{ segmentIndex: 0, data: Float64Array.of(1) }]), 1);
  await expect(collect(a!)).rejects.toMatchObject({ code: 'TRACES_INVALID', message: expect.stringContaining('float64') });
});

test('a consumer that stops early (writer failure) closes the source, so its filter workers stop', async () => {
  let closed = false;
  async function* source() {
    try {
      for (let i = 0; i < 10; i += 1) yield { segmentIndex: 0, data: new Int16Array(4) };
    } finally {
      closed = true;
    }
  }
  const [segment0] = splitChunksBySegment(source(), 1);
  await expect(
    (async () => {
      for await (const chunk of segment0) {
        expect(chunk).toHaveLength(4);
        throw new Error('disk full');
      }
    })(),
  ).rejects.toThrow('disk full');
  expect(closed).toBe(true);
});
