import { defaultHdf5TimeoutMs } from './hdf5Timeout';

describe('defaultHdf5TimeoutMs: 2 minutes plus 1 s per 8 MiB', () => {
  const MiB = 1024 * 1024;

  it('gives an empty (or unknown-size) file the base two minutes', () => {
    expect(defaultHdf5TimeoutMs(0)).toBe(120_000);
    expect(defaultHdf5TimeoutMs(-5)).toBe(120_000);
  });

  it('adds one second per 8 MiB, rounding a partial millisecond up', () => {
    expect(defaultHdf5TimeoutMs(8 * MiB)).toBe(121_000);
    expect(defaultHdf5TimeoutMs(4 * MiB)).toBe(120_500);
    expect(defaultHdf5TimeoutMs(1)).toBe(120_001);
    expect(defaultHdf5TimeoutMs(10 * 1024 * MiB)).toBe(120_000 + 1_280_000);
  });
});
