import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { isRecomputeError } from '@spyglass-recompute/errors';
import { hashNwbFile } from './hashNwbFile';
import { type HasherGolden, type HasherGoldenMode, hashOptionsForGoldenMode } from '../test-support/hasherGolden';

/**
 * Every distinct outcome of the golden fixtures (`hasher/` and `hasher2/`), once: per file, the
 * first mode giving each distinct golden hash or exception. Modes that give the same digest as
 * one already checked (most precision modes on files without floats to round) add no evidence,
 * so this is a third of the full conformance suites' work (`hashNwbFile.test.ts`,
 * `hasher2Conformance.test.ts`, which check every mode and the prehash worker too): the test
 * set mutation runs of the hashing code use (tooling/mutation/README.md).
 */
const fixtures = path.resolve(__dirname, '../../../../../shared/fixtures');

/** The first mode of each distinct golden outcome of one file. */
function distinctModes(golden: HasherGolden): string[] {
  const firstByOutcome = new Map<string, string>();
  for (const [mode, expected] of Object.entries(golden.modes)) {
    const outcome = expected.hash ?? `raises ${expected.error?.type}`;
    if (!firstByOutcome.has(outcome)) firstByOutcome.set(outcome, mode);
  }
  return [...firstByOutcome.values()];
}

const cases = ['hasher', 'hasher2'].flatMap((set) =>
  readdirSync(path.join(fixtures, set, 'files'))
    .sort()
    .flatMap((file) => {
      const golden = JSON.parse(readFileSync(path.join(fixtures, set, 'golden', `${file}.json`), 'utf8')) as HasherGolden;
      return distinctModes(golden).map((mode) => [`${set}/${file}`, mode, golden] as const);
    }),
);

/** HasherGolden per-object digests: no `namespaces` entry, no quirky `{group}/k` entries unless a real object has that path. */
function expectedObjects(golden: HasherGolden, expected: HasherGoldenMode, ours: Record<string, string>): Record<string, string> {
  const objs = Object.fromEntries(
    Object.entries(expected.objs ?? {}).filter(([k, v]) => k !== 'namespaces' && !k.endsWith('/k') && v !== null),
  ) as Record<string, string>;
  for (const key of Object.keys(ours)) {
    const value = expected.objs?.[key];
    if (key.endsWith('/k') && typeof value === 'string' && golden.h5py_visititems_order.some(([p]) => p === key)) objs[key] = value;
  }
  return objs;
}

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

  it.each(cases)('%s [%s]', async (file, mode, golden) => {
    const expected = golden.modes[mode];
    const run = hashNwbFile(path.join(fixtures, file.replace('/', '/files/')), hashOptionsForGoldenMode(golden.mode_kwargs[mode]));
    if (expected.error) {
      const error = await run.then(
        (result) => new Error(`expected ${expected.error?.type}, got digest ${result.hash}`),
        (e: unknown) => e,
      );
      expect(isRecomputeError(error)).toBe(true);
      expect(error).toMatchObject({ code: 'HASH_UNSUPPORTED_OBJECT', details: { reference: expected.error.type } });
      expect((error as Error).message).toContain(`raises ${expected.error.type} here`);
      const object = (error as { details: { object: string } }).details.object;
      expect(golden.h5py_visititems_order.map(([p]) => p)).toContain(object);
      expect((error as Error).message).toContain(`cannot hash object '${object}': ${expectedReasons[file]} (`);
      return;
    }
    const result = await run;
    expect(result.objects).toEqual(expectedObjects(golden, expected, result.objects ?? {}));
    expect(result.namespaces).toEqual(expected.namespaces);
    expect(result.hash).toBe(expected.hash);
    expect(result.algorithm).toBe(mode === 'legacy' ? 'spyglass-nwb-legacy' : 'spyglass-nwb');
  });
});
