import path from 'node:path';
import { checkGoldenCase } from '../test-support/checkGoldenCase';
import { goldenCases, isDistinctOutcome } from '../test-support/hasherGolden';

/**
 * Conformance over `../shared/fixtures/hasher2` (attribute kinds, compound/complex, LZF and
 * other filters, HDF5 ARRAY types, PyTables strings, unversioned namespaces, and the files
 * where Spyglass raises): every file × mode against the golden hash, namespaces and
 * per-object digests, or a typed error naming the Python exception where the golden has one.
 * The first mode of each distinct outcome is checked by hashNwbFileDistinctOutcomes.test.ts;
 * here the other modes, and every content mode again through the prehash worker.
 */
const fixtures = path.resolve(__dirname, '../../../../../shared/fixtures');
const cases = goldenCases(fixtures, ['hasher2']);

describe('hashNwbFile conformance (hasher2/files × every golden mode)', () => {
  it('covers the 12 files and 90 file/mode goldens (7 modes, precision_4_all for 6)', () => {
    expect(new Set(cases.map(([file]) => file)).size).toBe(12);
    expect(cases.length).toBe(90);
  });

  it.each(cases.filter((c) => !isDistinctOutcome(c)))('%s [%s] (an outcome an earlier mode gives too)', (...c) =>
    checkGoldenCase(fixtures, c),
  );
});

describe('hasher2 conformance with every numeric dataset hashed ahead by the prehash worker', () => {
  it.each(cases.filter(([, mode]) => mode !== 'legacy'))('%s [%s]', (...c) => checkGoldenCase(fixtures, c, { prehashMinBytes: 0 }));
});
