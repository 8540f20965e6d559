import { idRanges } from './idRanges';

describe('idRanges', () => {
  it('collapses consecutive ids into runs, sorted and without duplicates', () => {
    expect(idRanges([3, 0, 1, 2, 8, 10, 11, 12, 8])).toBe('0-3, 8, 10-12');
    expect(idRanges(Array.from({ length: 128 }, (_, i) => i))).toBe('0-127');
    expect(idRanges([5])).toBe('5');
    expect(idRanges([])).toBe('(none)');
  });
});
