import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { isRecomputeError } from '@spyglass-recompute/errors';
import { hashNwbFile, type HashRuntimeOptions } from './hashNwbFile';
import { type HasherGolden, hashOptionsForGoldenMode } from '../test-support/hasherGolden';

const fixtures = path.resolve(__dirname, '../../../../../shared/fixtures');
const hasherDir = path.join(fixtures, 'hasher');

const files = readdirSync(path.join(hasherDir, 'files')).sort();
const cases = files.flatMap((file) => {
  const golden = JSON.parse(readFileSync(path.join(hasherDir, 'golden', `${file}.json`), 'utf8')) as HasherGolden;
  return Object.keys(golden.modes).map((mode) => [file, mode, golden] as const);
});

/** Hashes one fixture in one golden mode and checks digest, per-object digests or error. */
async function checkConformance(file: string, mode: string, golden: HasherGolden, runtime: HashRuntimeOptions = {}): Promise<void> {
  const expected = golden.modes[mode];
  const run = hashNwbFile(path.join(hasherDir, 'files', file), hashOptionsForGoldenMode(golden.mode_kwargs[mode]), runtime);
  if (expected.error) {
    // The error names the exception class Spyglass raises (TypeError vs UnicodeDecodeError).
    await expect(run).rejects.toMatchObject({ code: 'HASH_UNSUPPORTED_OBJECT', details: { reference: expected.error.type } });
    await expect(run).rejects.toThrow(`raises ${expected.error.type} here`);
    const error = await run.catch((e: unknown) => e);
    expect(isRecomputeError(error)).toBe(true);
    // The error names an object the reference visits.
    const object = (error as { details: { object: string } }).details.object;
    expect(golden.h5py_visititems_order.map(([p]) => p)).toContain(object);
    expect((error as Error).message).toContain(`'${object}'`);
    return;
  }
  const result = await run;
  const expectedObjs = Object.fromEntries(
    Object.entries(expected.objs ?? {}).filter(([k, v]) => k !== 'namespaces' && !k.endsWith('/k') && v !== null),
  );
  // Groups named "k" would collide with the quirky "{name}/k" entries; keep real objects.
  for (const key of Object.keys(result.objects ?? {})) {
    if (key.endsWith('/k') && expected.objs?.[key] !== undefined) expectedObjs[key] = expected.objs[key] as string;
  }
  expect(result.objects).toEqual(expectedObjs);
  expect(result.namespaces).toEqual(expected.namespaces);
  expect(result.hash).toBe(expected.hash);
  expect(result.algorithm).toBe(mode === 'legacy' ? 'spyglass-nwb-legacy' : 'spyglass-nwb');
}

describe('hashNwbFile conformance (hasher/files × 7 modes)', () => {
  it('covers every fixture file in every mode', () => {
    expect(files.length).toBeGreaterThanOrEqual(20);
    expect(cases.length).toBe(files.length * 7);
  });

  it.each(cases)('%s [%s]', (file, mode, golden) => checkConformance(file, mode, golden));
});

describe('hashNwbFile conformance with every numeric dataset hashed ahead by the prehash worker', () => {
  // Legacy mode hashes no dataset content, so it never starts the worker.
  const contentModes = cases.filter(([, mode]) => mode !== 'legacy');

  it.each(contentModes)('%s [%s]', (file, mode, golden) => checkConformance(file, mode, golden, { prehashMinBytes: 0 }));
});
