import { castToInt16 } from './castToInt16';

describe('castToInt16 (numpy astype(int16) on x86_64)', () => {
  it('truncates toward zero, wraps to 16 bits, and maps NaN / out-of-int32 values to 0', () => {
    const y = Float64Array.of(
      40000.7,
      -40000.7,
      32767.9,
      -32768.9,
      1e10,
      -1e10,
      2 ** 31,
      -(2 ** 31) - 1,
      65536.5,
      -0.9,
      NaN,
      Infinity,
      -(2 ** 31),
      2 ** 31 - 1,
    );
    expect(Array.from(castToInt16(y))).toEqual([-25536, 25536, 32767, -32768, 0, 0, 0, 0, 0, 0, 0, 0, 0, -1]);
  });
});
