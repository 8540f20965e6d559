import { DEFAULT_BATCH_SIZE, DEFAULT_PRECISION, resolveHashOptions } from './hashNwbFile';

describe('resolveHashOptions: Spyglass defaults and option checks', () => {
  it('defaults to Spyglass: ProcessedElectricalSeries at 4 decimals, batches of 32768, current mode', () => {
    expect(resolveHashOptions({})).toEqual({ precision: { ProcessedElectricalSeries: 4 }, legacy: false, batchSize: 32768 });
    expect(DEFAULT_BATCH_SIZE).toBe(32768);
    expect(DEFAULT_PRECISION).toEqual({ ProcessedElectricalSeries: 4 });
    expect(Object.isFrozen(DEFAULT_PRECISION)).toBe(true);
  });

  it('reads a number as the ProcessedElectricalSeries precision, not as every dataset', () => {
    expect(resolveHashOptions({ precision: 2 }).precision).toEqual({ ProcessedElectricalSeries: 2 });
    expect(resolveHashOptions({ precision: 0 }).precision).toEqual({ ProcessedElectricalSeries: 0 });
  });

  it('copies a lookup table, so the caller’s object is never the one used', () => {
    const lookup = { ProcessedElectricalSeries: 1, Other: 3, '': 2 };
    const resolved = resolveHashOptions({ precision: lookup, legacy: true, batchSize: 7 });
    expect(resolved).toEqual({ precision: lookup, legacy: true, batchSize: 7 });
    expect(resolved.precision).not.toBe(lookup);
  });

  it.each([0, -1, 1.5, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 53])('refuses batchSize %p', (batchSize) => {
    expect(() => resolveHashOptions({ batchSize })).toThrow(
      expect.objectContaining({ code: 'HASH_INVALID_OPTION', message: `batchSize must be a positive integer, got ${batchSize}` }),
    );
  });

  it('accepts a batch of one row', () => {
    expect(resolveHashOptions({ batchSize: 1 }).batchSize).toBe(1);
  });

  it.each([-1, 0.5, Number.NaN, Number.POSITIVE_INFINITY])('refuses precision %p, as a number or in a lookup', (bad) => {
    expect(() => resolveHashOptions({ precision: bad })).toThrow(
      expect.objectContaining({
        code: 'HASH_INVALID_OPTION',
        message: `precision for 'ProcessedElectricalSeries' must be a non-negative integer, got ${bad}`,
      }),
    );
    expect(() => resolveHashOptions({ precision: { Good: 2, Bad: bad } })).toThrow(
      expect.objectContaining({ message: `precision for 'Bad' must be a non-negative integer, got ${bad}` }),
    );
  });
});
