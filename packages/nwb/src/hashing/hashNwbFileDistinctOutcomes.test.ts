import path from 'node:path';
import { checkGoldenCase } from '../test-support/checkGoldenCase';
import { goldenCases, isDistinctOutcome } from '../test-support/hasherGolden';

/**
 * Every distinct outcome of the golden fixtures (`hasher/` and `hasher2/`), once: per file, the
 * first mode giving each distinct golden hash or exception ({@link isDistinctOutcome}). Modes
 * that give the same digest as one already checked add the least evidence, so this is a third of
 * the conformance work: the test set mutation runs of the hashing code use
 * (tooling/mutation/README.md). The other modes, and the prehash worker's path, are checked by
 * `hashNwbFile.test.ts` and `hasher2Conformance.test.ts`.
 */
const fixtures = path.resolve(__dirname, '../../../../../shared/fixtures');
const cases = goldenCases(fixtures, ['hasher', 'hasher2']).filter(isDistinctOutcome);

/**
 * What the error says for each golden file where Spyglass's hasher raises (per file: its modes
 * raise the same): the object's own words, so a user sees which attribute or dataset, what
 * about it, and the shape or type involved, as Python's exception would tell them.
 */
const expectedReasons: Record<string, string> = {
  'hasher/crash_compound_array.h5': "compound dataset [('a', '<i4'), ('b', '<f8')] cannot be cast to str",
  'hasher/crash_fixed_bytes_nonascii_array.h5': 'fixed-length |S2 data holds non-ASCII bytes',
  'hasher/crash_named_datatype.h5': 'committed (named) datatype: Unknown object type',
  'hasher/nwb_epochs_timeseries.nwb':
    "compound dataset [('idx_start', '<i4'), ('count', '<i4'), ('timeseries', 'O')] cannot be cast to str",
  'hasher2/crash_compound_attr_array.h5': "attribute 'rows': cannot cast dtype [('k', '<i2'), ('w', '<f8')] to str",
  'hasher2/crash_dataset_n_by_0.h5': 'memoryview: cannot cast view with zeros in shape or strides (shape (4, 0))',
  'hasher2/crash_empty_2d_attr.h5': "attribute 'no_rows': memoryview: cannot cast view with zeros in shape or strides (shape (0, 3))",
  'hasher2/crash_vlen_attr_bad_utf8.h5':
    "attribute 'bad_label': 'utf-8' codec can't encode a surrogate: the string holds bytes that are not UTF-8",
  'hasher2/crash_vlen_empty_2d_attr.h5': "attribute 'pairs': memoryview: cannot cast view with zeros in shape or strides (shape (0, 2))",
};

describe('hashNwbFile: every distinct golden outcome of the hasher and hasher2 fixtures', () => {
  it('checks more than one outcome for the files with floats to round, strings to batch or legacy differences', () => {
    const modesOf = (file: string): string[] => cases.filter(([f]) => f === file).map(([, mode]) => mode);
    expect(modesOf('hasher/h5_pes_rounding.h5')).toEqual([
      'default',
      'precision_2',
      'precision_6',
      'precision_0',
      'precision_dict',
      'legacy',
    ]);
    expect(modesOf('hasher/h5_long_vlen.h5')).toContain('batch_7');
    expect(cases.length).toBeGreaterThan(80);
  });

  it('has the expected reason for exactly the files where the reference raises', () => {
    const raising = new Set(cases.filter(([, mode, golden]) => golden.modes[mode]!.error).map(([file]) => file));
    expect([...raising].sort()).toEqual(Object.keys(expectedReasons).sort());
  });

  it.each(cases)('%s [%s]', (...c) => checkGoldenCase(fixtures, c, {}, expectedReasons[c[0]]));
});
