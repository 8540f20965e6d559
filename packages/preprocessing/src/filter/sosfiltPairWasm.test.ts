import { designButterBandpass } from './designButterBandpass';
import { filtfiltPadded, sosfiltfiltPadlen } from './sosfiltfilt';
import { createSosfiltPairKernel, filtfiltPairInterleaved, pairMemory, PAIR_DATA_PTR } from './sosfiltPairWasm';
import { sosfiltZi } from './sosfiltZi';

describe('filtfiltPairInterleaved (wasm SIMD)', () => {
  it.each([true, false])('is bit-identical to filtfiltPadded on each lane (int16 extension %s)', (int16) => {
    const sos = designButterBandpass(30000, { frequencyMin: 300, frequencyMax: 6000 });
    const zi = sosfiltZi(sos);
    const padlen = sosfiltfiltPadlen(sos);
    const nRows = 20000;
    const extLen = nRows + 2 * padlen;
    let seed = 3;
    const rnd = (): number => (seed = (seed * 16807) % 2147483647) / 2147483647;
    // int16-range signals near the wrap limit exercise the wrapped extension
    const a = Float64Array.from({ length: extLen }, (_, i) => (i < padlen + 5 ? 30000 : Math.round((rnd() - 0.5) * 60000)));
    const b = Float64Array.from({ length: extLen }, () => Math.round((rnd() - 0.5) * 4000));
    const kernel = createSosfiltPairKernel();
    const mem = pairMemory(kernel, extLen * 16);
    const base = PAIR_DATA_PTR / 8;
    for (let i = padlen; i < padlen + nRows; i++) {
      mem[base + 2 * i] = a[i];
      mem[base + 2 * i + 1] = b[i];
    }
    filtfiltPairInterleaved(kernel, sos, zi, mem, base, padlen, nRows, int16);
    filtfiltPadded(sos, zi, a, padlen, nRows, int16);
    filtfiltPadded(sos, zi, b, padlen, nRows, int16);
    const lane = (l: number): Float64Array => Float64Array.from({ length: extLen }, (_, i) => mem[base + 2 * i + l]);
    expect(Buffer.from(lane(0).buffer).equals(Buffer.from(a.buffer))).toBe(true);
    expect(Buffer.from(lane(1).buffer).equals(Buffer.from(b.buffer))).toBe(true);
  });
});
