import { FloatRounder } from './FloatRounder';
import { numpyRoundFloatsInPlace } from './numpyRound';

// numpy's round multiplies by 10**d, and the multiply quiets a signalling NaN (sign and payload
// kept); ±inf pass unchanged. Expected bits from numpy 1.24.2 (Debian python3-numpy, the golden
// stack's version) on this machine: `np.round(np.array(bits, dtype=np.uintN).view(np.floatN), d).view(np.uintN)`,
// the same for every d in 0, 1, 4, 10, 308, 309, 400 (38/39 for float32).
const float64Cases = [
  [0x7ff0000000000001n, 0x7ff8000000000001n], // signalling NaN, payload 1
  [0xfff0000000000abcn, 0xfff8000000000abcn], // negative signalling NaN, payload 0xabc
  [0xfff0000000000001n, 0xfff8000000000001n],
  [0x7ff8000000000001n, 0x7ff8000000000001n], // quiet NaN: unchanged
  [0xfff8000000000001n, 0xfff8000000000001n],
  [0x7ff0000000000000n, 0x7ff0000000000000n], // +inf
  [0xfff0000000000000n, 0xfff0000000000000n], // -inf
] as const;
const float32Cases = [
  [0x7f800001, 0x7fc00001],
  [0xff800abc, 0xffc00abc],
  [0xff800123, 0xffc00123],
  [0xff800002, 0xffc00002],
  [0xffc00001, 0xffc00001],
  [0x7f800000, 0x7f800000],
  [0xff800000, 0xff800000],
] as const;
const float16Cases = [
  [0x7c01, 0x7e01],
  [0xfc0b, 0xfe0b],
  [0xfe01, 0xfe01],
  [0x7e00, 0x7e00],
  [0x7c00, 0x7c00],
  [0xfc00, 0xfc00],
] as const;

function float64Bytes(bits: readonly bigint[]): Uint8Array {
  const bytes = new Uint8Array(8 * bits.length);
  const view = new DataView(bytes.buffer);
  bits.forEach((b, i) => view.setBigUint64(8 * i, b, true));
  return bytes;
}
function float64Bits(bytes: Uint8Array): string[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return Array.from({ length: bytes.byteLength / 8 }, (_, i) => view.getBigUint64(8 * i, true).toString(16));
}
function float32Bytes(bits: readonly number[]): Uint8Array {
  return new Uint8Array(new Uint32Array(bits).buffer);
}
function float32Bits(bytes: Uint8Array): string[] {
  return [...new Uint32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4)].map((b) => b.toString(16));
}

describe('numpy round quiets signalling NaNs (sign and payload kept) and keeps infinities', () => {
  const decimals = [0, 1, 4, 10, 308, 309, 400];

  it.each(decimals)('float64, scalar reference, decimals %i', (d) => {
    const bytes = float64Bytes(float64Cases.map(([input]) => input));
    numpyRoundFloatsInPlace(bytes, 8, d);
    expect(float64Bits(bytes)).toEqual(float64Cases.map(([, out]) => out.toString(16)));
  });

  it.each(decimals)('float32, scalar reference, decimals %i', (d) => {
    const bytes = float32Bytes(float32Cases.map(([input]) => input));
    numpyRoundFloatsInPlace(bytes, 4, d);
    expect(float32Bits(bytes)).toEqual(float32Cases.map(([, out]) => out.toString(16)));
  });

  it.each([0, 1, 3, 5])('float16, decimals %i', (d) => {
    const halves = new Uint16Array(float16Cases.map(([input]) => input));
    numpyRoundFloatsInPlace(new Uint8Array(halves.buffer), 2, d);
    expect([...halves]).toEqual(float16Cases.map(([, out]) => out));
  });

  it('the SIMD rounder gives the same bits in every lane position and in the scalar tail', () => {
    const rounder = FloatRounder.create();
    // Each case at both lanes of a float64 vector, then once more in the < 16-byte tail;
    // float32 cases fill every one of the four lanes, and one more goes to the tail.
    const wide64 = [...float64Cases, ...float64Cases, float64Cases[0]];
    const bytes64 = float64Bytes(wide64.map(([input]) => input));
    rounder.roundInPlace(bytes64, 8, 4);
    expect(float64Bits(bytes64)).toEqual(wide64.map(([, out]) => out.toString(16)));
    const wide32 = [...float32Cases, ...float32Cases, ...float32Cases, ...float32Cases, float32Cases[0]];
    const bytes32 = float32Bytes(wide32.map(([input]) => input));
    rounder.roundInPlace(bytes32, 4, 4);
    expect(float32Bits(bytes32)).toEqual(wide32.map(([, out]) => out.toString(16)));
  });
});
