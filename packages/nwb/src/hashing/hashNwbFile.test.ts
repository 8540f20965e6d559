import path from 'node:path';
import { checkGoldenCase } from '../test-support/checkGoldenCase';
import { goldenCases, isDistinctOutcome } from '../test-support/hasherGolden';

/**
 * Conformance over `../shared/fixtures/hasher` (the NWB and HDF5 kinds Spyglass's own files
 * hold): every file × mode against the golden hash, namespaces and per-object digests, or a
 * typed error naming the Python exception where the golden has one. The first mode of each
 * distinct outcome is checked by hashNwbFileDistinctOutcomes.test.ts; here the other modes,
 * and every content mode again with the prehash worker hashing each numeric dataset ahead.
 */
const fixtures = path.resolve(__dirname, '../../../../../shared/fixtures');
const cases = goldenCases(fixtures, ['hasher']);

describe('hashNwbFile conformance (hasher/files × 7 modes)', () => {
  it('covers every fixture file in every mode', () => {
    const files = new Set(cases.map(([file]) => file));
    expect(files.size).toBeGreaterThanOrEqual(20);
    expect(cases.length).toBe(files.size * 7);
  });

  it.each(cases.filter((c) => !isDistinctOutcome(c)))('%s [%s] (an outcome an earlier mode gives too)', (...c) =>
    checkGoldenCase(fixtures, c),
  );
});

describe('hashNwbFile conformance with every numeric dataset hashed ahead by the prehash worker', () => {
  // Legacy mode hashes no dataset content, so it never starts the worker.
  it.each(cases.filter(([, mode]) => mode !== 'legacy'))('%s [%s]', (...c) => checkGoldenCase(fixtures, c, { prehashMinBytes: 0 }));
});
