import path from 'node:path';
import { dataJointErrors } from '../dataJointErrors';
import { md5Uuid } from '../uuid/md5Uuid';

/**
 * One row of DataJoint's `~external_<store>` table for a `filepath@<store>` attribute. The
 * attribute's own value (`binary(16)`) is a foreign key to `hash`.
 */
export interface ExternalFilepathRow {
  /** md5 of `filepath` (UTF-8) as a uuid: the value the `filepath@store` column holds. */
  hash: string;
  /** The file's size in bytes when it was recorded. */
  size: number;
  /** Path relative to the store's location, with `/` separators. */
  filepath: string;
  /** md5 of the file's bytes as a uuid, or `null` when DataJoint skipped the checksum (over its insert size limit). */
  contentsHash: string | null;
}

/** Spyglass's stores: `raw` → `SPYGLASS_RAW_DIR`, `analysis` → `SPYGLASS_ANALYSIS_DIR` (`dj.config['stores']`). */
export type StoreLocations = Readonly<Record<string, string>>;

/**
 * The absolute path of a `filepath@store` file: `<store location>/<filepath>`, as DataJoint's
 * `download_filepath` resolves it against the store's `stage`.
 *
 * @throws RecomputeError `EXTERNAL_STORE_UNKNOWN` for a store without a location,
 *   `EXTERNAL_PATH_INVALID` for a `filepath` that is absolute or climbs out of the store.
 */
export function resolveExternalFilepath(stores: StoreLocations, store: string, filepath: string): string {
  const location = stores[store];
  if (location === undefined) {
    throw dataJointErrors.externalStoreUnknown(store, Object.keys(stores));
  }
  const root = path.resolve(location);
  const resolved = path.resolve(root, filepath);
  if (path.isAbsolute(filepath) || !resolved.startsWith(root + path.sep)) {
    throw dataJointErrors.externalPathInvalid(store, filepath, root);
  }
  return resolved;
}

/**
 * The `hash` (and `filepath@store` column value) DataJoint gives a file at `filepath` relative
 * to its store: `uuid_from_buffer(init_string=relative_filepath)`.
 */
export function externalFilepathHash(filepath: string): string {
  return md5Uuid(filepath);
}
