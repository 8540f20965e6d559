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
