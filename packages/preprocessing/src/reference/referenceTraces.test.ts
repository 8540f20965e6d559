import path from 'node:path';
import { readNpy } from '../io/npy';
import { golden, sameBytes, variantDir } from '../test-support/fixtures';
import { medianFloat64 } from './medianFloat64';
import { medianInt16 } from './medianInt16';
import { referenceTraces } from './referenceTraces';

describe('medianInt16 (numpy int16 median quirk)', () => {
  it.each([
    [[20000, 20001, 20003, -5], -12767], // spec example: wrap16(20000 + 20001) / 2
    [[-20000, -20001, -20003, 5], 12767],
    [[1, 2, 3, 4], 2], // trunc(5 / 2)
    [[-1, -2, -3, -4], -2],
    [[30000, 30001, 30002, 30003], -2766],
    [[7, -7, 3, 100], 5],
    [[5, -3, 9], 5], // odd count: middle value
    [[32767, 32767, -32768], 32767],
    [[4], 4],
  ])('median of %j is %d', (values, expected) => {
    expect(medianInt16(values)).toBe(expected);
  });
});

describe('medianFloat64', () => {
  it('averages the two middle values for an even count and takes the middle for odd', () => {
    expect(medianFloat64(Float64Array.of(20000, 20001, 20003, -5))).toBe(20000.5);
    expect(medianFloat64(Float64Array.of(3, 1, 2))).toBe(2);
  });
});

describe('referenceTraces', () => {
  it('wraps int16 single-reference subtraction like numpy (v0)', () => {
    const raw = Int16Array.of(30000, -10000, -30000, 10000);
    expect(Array.from(referenceTraces(raw, 2, [0], { kind: 'single', column: 1 }, 'int16'))).toEqual([-25536, 25536]);
    expect(Array.from(referenceTraces(raw, 2, [0], { kind: 'single', column: 1 }, 'float64'))).toEqual([40000, -40000]);
  });

  it('passes channels through unchanged for reference none (v1 -1)', () => {
    const raw = Int16Array.of(1, 2, 3, 4, 5, 6);
    expect(Array.from(referenceTraces(raw, 3, [2, 0], { kind: 'none' }, 'float64'))).toEqual([3, 1, 6, 4]);
  });

  it('handles odd channel counts in the int16 median', () => {
    const raw = Int16Array.of(10, 20, 30);
    expect(Array.from(referenceTraces(raw, 3, [0, 1, 2], { kind: 'median' }, 'int16'))).toEqual([-10, 0, 10]);
  });

  it.each([
    ['0', [0, 1, 2, 3], { kind: 'single', column: 4 } as const],
    ['1', [4, 5, 6, 7], { kind: 'median' } as const],
  ])('reproduces the short fixture referenced arrays of group %s (v0 int16, v1 float64)', async (gid, columns, reference) => {
    const g = golden('short');
    const npy = path.join(variantDir('short'), 'npy');
    const raw = await readNpy(path.join(npy, 'raw_int16.npy'));
    const [[s0, e0]] = g.v0[gid].sort_interval_frame_indices;
    const slice0 = (raw.data as Int16Array).subarray(s0 * 8, e0 * 8);
    const v0 = referenceTraces(slice0, 8, columns, reference, 'int16');
    expect(sameBytes(v0, (await readNpy(path.join(npy, `v0_group${gid}_referenced_int16.npy`))).data)).toBe(true);
    const [[s1, e1]] = g.v1[gid].consolidated_interval_indices;
    const v1 = referenceTraces((raw.data as Int16Array).subarray(s1 * 8, e1 * 8), 8, columns, reference, 'float64');
    expect(sameBytes(v1, (await readNpy(path.join(npy, `v1_group${gid}_referenced_float64.npy`))).data)).toBe(true);
  });
});
