import { parentPrecision } from './parentPrecision';

// The precision lookup is keyed by the basename of the dataset's parent group (issue 21,
// Stryker survivors); the hasher2 `precision_dict` golden mode has an entry for the root ("").
describe('parentPrecision', () => {
  const lookup = { ProcessedElectricalSeries: 4, grove: 3, '': 2, zero: 0 };

  it('uses the basename of the parent group, at any depth', () => {
    expect(parentPrecision('ProcessedElectricalSeries/data', lookup)).toBe(4);
    expect(parentPrecision('acquisition/ecephys/ProcessedElectricalSeries/data', lookup)).toBe(4);
    expect(parentPrecision('orchard/grove/data', lookup)).toBe(3);
  });

  it('keys a dataset at the root by the empty name', () => {
    expect(parentPrecision('data', lookup)).toBe(2);
    expect(parentPrecision('data', { ProcessedElectricalSeries: 4 })).toBe(0);
  });

  it('never matches the dataset name itself or a grandparent', () => {
    expect(parentPrecision('grove/ProcessedElectricalSeries', lookup)).toBe(3);
    expect(parentPrecision('grove/other/data', lookup)).toBe(0);
    expect(parentPrecision('x/grovex/data', lookup)).toBe(0);
  });

  it('gives 0 (no rounding) for a missing or zero entry', () => {
    expect(parentPrecision('a/b/data', lookup)).toBe(0);
    expect(parentPrecision('zero/data', lookup)).toBe(0);
    expect(parentPrecision('zero/data', {})).toBe(0);
  });
});
