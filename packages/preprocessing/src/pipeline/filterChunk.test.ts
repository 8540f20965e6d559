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
  it.each(cases)('matches referenceTraces + scalar sosfiltfilt bit for bit (%d columns, channels %j, %j, %s)', (nColumns, channelColumns, reference, dtype) => {
    const rows = 4000;
    const raw = Int16Array.from({ length: rows * nColumns }, () => Math.round((rnd() - 0.5) * 64000));
    const [leftMargin, rightMargin] = [150, 100];
    const referenced = referenceTraces(raw, nColumns, channelColumns, reference, dtype);
    const outRows = rows - leftMargin - rightMargin;
    const expected = sosfiltfilt(sos, referenced, channelColumns.length, { zi, cropStart: leftMargin, cropEnd: rightMargin }, dtype === 'int16' ? new Int16Array(outRows * channelColumns.length) : undefined);
    const workspace = createFilterWorkspace();
    // twice through one workspace: reused buffers must not leak state between calls
    for (let i = 0; i < 2; i++) {
      const got = filterChunk({ raw: raw.slice(), nColumns, channelColumns, reference, leftMargin, rightMargin, sos, zi, dtype, reuseRaw: true }, workspace);
      expect(got.constructor).toBe(expected.constructor);
      expect(Buffer.from(got.buffer, got.byteOffset, got.byteLength).equals(Buffer.from(expected.buffer, expected.byteOffset, expected.byteLength))).toBe(true);
    }
  });
});
