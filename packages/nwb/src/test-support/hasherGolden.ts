import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { HashNwbFileOptions } from '../hashing/hashNwbFile';

/** One mode of a hasher golden (`golden/*.json` of the hasher and hasher2 fixtures): what Python gave. */
export interface HasherGoldenMode {
  hash?: string;
  namespaces?: Record<string, string | null>;
  objs?: Record<string, string | null>;
  error?: { type: string; message: string };
}

/** A hasher golden file: the `NwbfileHasher` keyword arguments of each mode and what they gave. */
export interface HasherGolden {
  mode_kwargs: Record<string, { precision_lookup?: number | Record<string, number>; legacy_mode?: boolean; batch_size?: number }>;
  modes: Record<string, HasherGoldenMode>;
  h5py_visititems_order: [string, string][];
}

/** Our `hashNwbFile` options for a golden mode's Python keyword arguments (objects always on). */
export function hashOptionsForGoldenMode(kwargs: HasherGolden['mode_kwargs'][string]): HashNwbFileOptions {
  const options: HashNwbFileOptions = { objects: true };
  if (kwargs.precision_lookup !== undefined) options.precision = kwargs.precision_lookup;
  if (kwargs.legacy_mode) options.legacy = true;
  if (kwargs.batch_size !== undefined) options.batchSize = kwargs.batch_size;
  return options;
}

/** One file × mode of a golden fixture set: `set/file` (e.g. `hasher2/attr_zoo.h5`), the mode, its golden. */
export type GoldenCase = readonly [file: string, mode: string, golden: HasherGolden];

/** Every file × mode of the golden fixture sets (`hasher`, `hasher2` under `fixturesDir`), files sorted. */
export function goldenCases(fixturesDir: string, sets: readonly string[]): GoldenCase[] {
  return sets.flatMap((set) =>
    readdirSync(path.join(fixturesDir, set, 'files'))
      .sort()
      .flatMap((file) => {
        const golden = JSON.parse(readFileSync(path.join(fixturesDir, set, 'golden', `${file}.json`), 'utf8')) as HasherGolden;
        return Object.keys(golden.modes).map((mode) => [`${set}/${file}`, mode, golden] as const);
      }),
  );
}

/**
 * Whether a case is the first mode of its file to give its golden outcome (hash or exception).
 * Modes giving the same digest as an earlier one (most precision modes on files without floats
 * to round) add the least evidence: the distinct cases are the fast set that mutation runs of
 * the hashing code use (hashNwbFileDistinctOutcomes.test.ts), the others complete the
 * every-mode conformance suites.
 */
export function isDistinctOutcome([, mode, golden]: GoldenCase): boolean {
  const outcome = (name: string): string => golden.modes[name]!.hash ?? `raises ${golden.modes[name]!.error?.type}`;
  return Object.keys(golden.modes).find((name) => outcome(name) === outcome(mode)) === mode;
}

/**
 * The golden's per-object digests as our hasher reports them: no `namespaces` entry, no quirky
 * `{group}/k` bookkeeping entries unless a real object (one the reference visits) has that path
 * and we report it.
 */
export function expectedObjects(golden: HasherGolden, expected: HasherGoldenMode, ours: Record<string, string>): Record<string, string> {
  const objs = Object.fromEntries(
    Object.entries(expected.objs ?? {}).filter(([k, v]) => k !== 'namespaces' && !k.endsWith('/k') && v !== null),
  ) as Record<string, string>;
  for (const key of Object.keys(ours)) {
    const value = expected.objs?.[key];
    if (key.endsWith('/k') && typeof value === 'string' && golden.h5py_visititems_order.some(([p]) => p === key)) objs[key] = value;
  }
  return objs;
}
