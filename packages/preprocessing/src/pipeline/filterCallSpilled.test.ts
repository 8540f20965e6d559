import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { designButterBandpass } from '../filter/designButterBandpass';
import { sosfiltZi } from '../filter/sosfiltZi';
import type { ReferenceMode } from '../reference/referenceTraces';
import { filterCallSpilled } from './filterCallSpilled';
import { filterChunk } from './filterChunk';

describe('filterCallSpilled (forward pass spilled to a file, blocks of bounded size)', () => {
  const sos = designButterBandpass(30000, { frequencyMin: 300, frequencyMax: 6000 });
  const zi = sosfiltZi(sos);
  let seed = 11;
  const rnd = (): number => (seed = (seed * 16807) % 2147483647) / 2147483647;
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'spill-test-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const cases: [number, number[], ReferenceMode, number, number, number, number][] = [
    // columns, channels, reference, rows, left margin, right margin, block rows
    [6, [0, 1, 2, 3, 4], { kind: 'median' }, 5000, 149, 149, 7],
    [5, [4, 2, 0], { kind: 'single', column: 1 }, 4321, 0, 149, 1000],
    [4, [0, 1, 2, 3], { kind: 'median' }, 6000, 0, 0, 65536], // one block: the whole call
    [3, [2], { kind: 'none' }, 3001, 149, 0, 34], // blocks barely longer than padlen
    [4, [3, 1], { kind: 'median' }, 20003, 149, 149, 4096],
  ];
  it.each(cases)(
    'equals filterChunk over the whole call bit for bit (%d columns, channels %j, %j, %d rows, margins %d/%d, blocks of %d)',
    (nColumns, channelColumns, reference, rows, leftMargin, rightMargin, blockRows) => {
      const raw = Int16Array.from({ length: rows * nColumns }, () => Math.round((rnd() - 0.5) * 64000));
      const expected = filterChunk({
        raw: raw.slice(),
        nColumns,
        channelColumns,
        reference,
        leftMargin,
        rightMargin,
        sos,
        zi,
        dtype: 'float64',
      }) as Float64Array;
      const spillPath = path.join(dir, `call-${rows}.f64`);
      const blocks = [
        ...filterCallSpilled({
          readRows: (a, b) => raw.slice(a * nColumns, b * nColumns),
          nRows: rows,
          nColumns,
          channelColumns,
          reference,
          leftMargin,
          rightMargin,
          sos,
          zi,
          spillPath,
          blockRows,
        }),
      ];
      expect(existsSync(spillPath)).toBe(false);
      const outRows = rows - leftMargin - rightMargin;
      expect(blocks.map((b) => [b.start, b.end])).toEqual(
        Array.from({ length: Math.ceil(outRows / blockRows) }, (_, k) => [k * blockRows, Math.min(outRows, (k + 1) * blockRows)]),
      );
      const got = new Float64Array(outRows * channelColumns.length);
      for (const b of blocks) got.set(b.data, b.start * channelColumns.length);
      expect(Buffer.from(got.buffer).equals(Buffer.from(expected.buffer, expected.byteOffset, expected.byteLength))).toBe(true);
    },
  );

  it('removes the spill file when the consumer stops early', () => {
    const raw = new Int16Array(2000 * 2).map((_, i) => i % 97);
    const spillPath = path.join(dir, 'early.f64');
    const blocks = filterCallSpilled({
      readRows: (a, b) => raw.slice(a * 2, b * 2),
      nRows: 2000,
      nColumns: 2,
      channelColumns: [0, 1],
      reference: { kind: 'none' },
      leftMargin: 0,
      rightMargin: 0,
      sos,
      zi,
      spillPath,
      blockRows: 100,
    });
    blocks.next();
    expect(existsSync(spillPath)).toBe(true);
    blocks.return(undefined);
    expect(existsSync(spillPath)).toBe(false);
  });
});
