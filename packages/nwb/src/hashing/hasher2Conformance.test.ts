import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { isRecomputeError } from '@spyglass-recompute/errors';
import { hashNwbFile, type HashRuntimeOptions } from './hashNwbFile';
import { type HasherGolden, type HasherGoldenMode, hashOptionsForGoldenMode } from '../test-support/hasherGolden';

/**
 * Conformance over `../shared/fixtures/hasher2` (attribute kinds, compound/complex, LZF and
 * other filters, HDF5 ARRAY types, PyTables strings, unversioned namespaces, and the files
 * where Spyglass raises): every file × mode against the golden hash, namespaces and
 * per-object digests, or a typed error naming the Python exception where the golden has one.
 */
const hasher2Dir = path.resolve(__dirname, '../../../../../shared/fixtures/hasher2');

const files = readdirSync(path.join(hasher2Dir, 'files')).sort();
const goldens = new Map(
  files.map((file) => [file, JSON.parse(readFileSync(path.join(hasher2Dir, 'golden', `${file}.json`), 'utf8')) as HasherGolden]),
);
const cases = files.flatMap((file) => Object.keys((goldens.get(file) as HasherGolden).modes).map((mode) => [file, mode] as const));

/** The golden's per-object digests without the `namespaces` entry and the quirky `{group}/k` entries. */
function expectedObjects(golden: HasherGolden, expected: HasherGoldenMode, ours: Record<string, string>): Record<string, string> {
  const objs = Object.fromEntries(
    Object.entries(expected.objs ?? {}).filter(([k, v]) => k !== 'namespaces' && !k.endsWith('/k') && v !== null),
  ) as Record<string, string>;
  // A real object named "k" collides with the quirky entries; keep it when we report it.
  for (const key of Object.keys(ours)) {
    if (key.endsWith('/k') && typeof expected.objs?.[key] === 'string' && golden.h5py_visititems_order.some(([p]) => p === key)) {
      objs[key] = expected.objs[key] as string;
    }
  }
  return objs;
}

async function checkConformance(file: string, mode: string, runtime: HashRuntimeOptions = {}): Promise<void> {
  const golden = goldens.get(file) as HasherGolden;
  const expected = golden.modes[mode];
  const run = hashNwbFile(path.join(hasher2Dir, 'files', file), hashOptionsForGoldenMode(golden.mode_kwargs[mode]), runtime);
  if (expected.error) {
    const error = await run.then(
      (result) => {
        throw new Error(`expected ${expected.error?.type}, got digest ${result.hash}`);
      },
      (e: unknown) => e,
    );
    expect(isRecomputeError(error)).toBe(true);
    expect(error).toMatchObject({ code: 'HASH_UNSUPPORTED_OBJECT', details: { reference: expected.error.type } });
    // The error names the Python exception and an object the reference visits.
    expect((error as Error).message).toContain(`raises ${expected.error.type}`);
    const object = (error as { details: { object: string } }).details.object;
    expect(golden.h5py_visititems_order.map(([p]) => p)).toContain(object);
    expect((error as Error).message).toContain(`'${object}'`);
    return;
  }
  const result = await run;
  expect(result.objects).toEqual(expectedObjects(golden, expected, result.objects ?? {}));
  expect(result.namespaces).toEqual(expected.namespaces);
  expect(result.hash).toBe(expected.hash);
  expect(result.algorithm).toBe(mode === 'legacy' ? 'spyglass-nwb-legacy' : 'spyglass-nwb');
}

describe('hashNwbFile conformance (hasher2/files × every golden mode)', () => {
  it('covers the 12 files and 90 file/mode goldens (7 modes, precision_4_all for 6)', () => {
    expect(files.length).toBe(12);
    expect(cases.length).toBe(90);
  });

  it.each(cases)('%s [%s]', (file, mode) => checkConformance(file, mode));
});

describe('hasher2 conformance with every numeric dataset hashed ahead by the prehash worker', () => {
  const contentModes = cases.filter(([, mode]) => mode !== 'legacy');

  it.each(contentModes)('%s [%s]', (file, mode) => checkConformance(file, mode, { prehashMinBytes: 0 }));
});
