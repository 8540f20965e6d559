import { designButterBandpass } from '../filter/designButterBandpass';
import { sosfiltfilt } from '../filter/sosfiltfilt';
import { sosfiltZi } from '../filter/sosfiltZi';
import { referenceTraces } from '../reference/referenceTraces';
import type { ReferenceMode, TraceDtype } from '../reference/referenceTraces';
import { createFilterWorkspace, filterChunk } from './filterChunk';

describe('filterChunk (wasm pair kernel, channel groups, buffer reuse)', () => {
  const sos = designButterBandpass(30000, { frequencyMin: 300, frequencyMax: 6000 });
  const zi = sosfiltZi(sos);
  let seed = 9;
  const rnd = (): number => (seed = (seed * 16807) % 2147483647) / 2147483647;
  const cases: [number, number[], ReferenceMode, TraceDtype][] = [
    [7, [0, 1, 2, 3, 4, 5, 6], { kind: 'median' }, 'int16'], // odd group: one idle lane; output over raw
    [7, [6, 4, 2, 0, 1], { kind: 'single', column: 3 }, 'int16'],
    [6, [0, 1, 2, 3, 4], { kind: 'median' }, 'float64'],
    [3, [2], { kind: 'none' }, 'float64'],
    [4, [3, 1], { kind: 'median' }, 'float64'], // two float64 channels: the pair buffer is the output
    [5, [4], { kind: 'single', column: 0 }, 'int16'], // one int16 channel, not over raw's columns
    [32, Array.from({ length: 32 }, (_, i) => i), { kind: 'median' }, 'int16'], // the benchmark's layout: 16 pairs, output over raw
  ];
  // a last partial chunk (only a few output rows after the margins), and long chunks
  const short: [number, number[], ReferenceMode, TraceDtype, number, number][] = [
    [4, [0, 1, 2, 3], { kind: 'median' }, 'int16', 300, 3],
    [3, [0, 2], { kind: 'single', column: 1 }, 'float64', 300, 2],
    // longer than the wasm path's staging block (8192 rows), ragged last block
    [5, [0, 1, 2, 3, 4], { kind: 'median' }, 'int16', 20003, 19700],
    [6, [5, 3, 1], { kind: 'single', column: 0 }, 'float64', 17001, 16800],
  ];
  it.each([...cases.map((c) => [...c, 4000, 3750] as const), ...short])(
    'matches referenceTraces + scalar sosfiltfilt bit for bit (%d columns, channels %j, %j, %s, %d rows → %d)',
    (nColumns, channelColumns, reference, dtype, rows, outRows) => {
      const raw = Int16Array.from({ length: rows * nColumns }, () => Math.round((rnd() - 0.5) * 64000));
      const leftMargin = Math.min(150, rows - outRows);
      const rightMargin = rows - outRows - leftMargin;
      const referenced = referenceTraces(raw, nColumns, channelColumns, reference, dtype);
      const expected = sosfiltfilt(
        sos,
        referenced,
        channelColumns.length,
        { zi, cropStart: leftMargin, cropEnd: rightMargin },
        dtype === 'int16' ? new Int16Array(outRows * channelColumns.length) : undefined,
      );
      const workspace = createFilterWorkspace();
      // twice through one workspace: reused buffers must not leak state between calls
      for (let i = 0; i < 2; i++) {
        const got = filterChunk(
          { raw: raw.slice(), nColumns, channelColumns, reference, leftMargin, rightMargin, sos, zi, dtype, reuseRaw: true },
          workspace,
        );
        expect(got.constructor).toBe(expected.constructor);
        expect(
          Buffer.from(got.buffer, got.byteOffset, got.byteLength).equals(
            Buffer.from(expected.buffer, expected.byteOffset, expected.byteLength),
          ),
        ).toBe(true);
      }
    },
  );
});
