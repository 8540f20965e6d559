import { numpyRoundFloatsInPlace } from './numpyRound';

describe('numpyRoundFloatsInPlace keeps non-finite values bit for bit', () => {
  it('leaves NaN payloads (signalling ones included) and infinities of float64 untouched', () => {
    const bits = [0x7ff0000000000001n, 0xfff0000000000abcn, 0x7ff8000000000001n, 0x7ff0000000000000n, 0xfff0000000000000n];
    const bytes = new Uint8Array(8 * bits.length);
    const view = new DataView(bytes.buffer);
    bits.forEach((b, i) => view.setBigUint64(8 * i, b, true));
    numpyRoundFloatsInPlace(bytes, 8, 2);
    expect(bits.map((_, i) => view.getBigUint64(8 * i, true).toString(16))).toEqual(bits.map((b) => b.toString(16)));
  });
});
