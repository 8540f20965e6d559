import path from 'node:path';
import { isRecomputeError } from '@spyglass-recompute/errors';
import { hashNwbFile, type HashRuntimeOptions } from '../hashing/hashNwbFile';
import { expectedObjects, type GoldenCase, hashOptionsForGoldenMode } from './hasherGolden';

/**
 * Hashes one golden case (`set/file` under `fixturesDir`, in one mode) and checks it against
 * what Spyglass's hasher gave: digest, namespaces, per-object digests and algorithm; or, where
 * the reference raises, a typed `HASH_UNSUPPORTED_OBJECT` naming the Python exception and an
 * object the reference visits, in the message as `'object'` (followed by `reason` when given).
 */
export async function checkGoldenCase(
  fixturesDir: string,
  [file, mode, golden]: GoldenCase,
  runtime: HashRuntimeOptions = {},
  reason?: string,
): Promise<void> {
  const expected = golden.modes[mode]!;
  const [set, name] = file.split('/') as [string, string];
  const run = hashNwbFile(path.join(fixturesDir, set, 'files', name), hashOptionsForGoldenMode(golden.mode_kwargs[mode]!), runtime);
  if (expected.error) {
    const error = await run.then(
      (result) => new Error(`expected ${expected.error?.type}, got digest ${result.hash}`),
      (e: unknown) => e,
    );
    expect(isRecomputeError(error)).toBe(true);
    // The error names the exception class Spyglass raises (TypeError vs UnicodeDecodeError).
    expect(error).toMatchObject({ code: 'HASH_UNSUPPORTED_OBJECT', details: { reference: expected.error.type } });
    expect((error as Error).message).toContain(`raises ${expected.error.type} here`);
    const object = (error as { details: { object: string } }).details.object;
    expect(golden.h5py_visititems_order.map(([p]) => p)).toContain(object);
    expect((error as Error).message).toContain(reason === undefined ? `'${object}'` : `cannot hash object '${object}': ${reason} (`);
    return;
  }
  const result = await run;
  expect(result.objects).toEqual(expectedObjects(golden, expected, result.objects ?? {}));
  expect(result.namespaces).toEqual(expected.namespaces);
  expect(result.hash).toBe(expected.hash);
  expect(result.algorithm).toBe(mode === 'legacy' ? 'spyglass-nwb-legacy' : 'spyglass-nwb');
}
