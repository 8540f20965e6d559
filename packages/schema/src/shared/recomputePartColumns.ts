import { p } from '@mikro-orm/core';
import { doubleColumn, hashAlgorithmColumn, partNameColumn } from './keyColumns';

/**
 * Columns of `RecordingRecompute.Name` beyond the attempt key (identical for v0 and v1; only the
 * key differs): an object/file present in only one of old/new.
 */
export const namePartColumns = () => ({
  name: partNameColumn().primary(),
  missing_from: p.enum(['old', 'new']).primary(),
});

/**
 * Columns of `RecordingRecompute.Hash` beyond the attempt key (identical for v0 and v1): the
 * differing digests and our h5diff-style comparison results.
 */
export const hashPartColumns = () => ({
  name: partNameColumn().primary(),
  old_hash: p.string().length(64).nullable(),
  new_hash: p.string().length(64).nullable(),
  hash_algorithm: hashAlgorithmColumn(),
  max_abs_diff: doubleColumn().nullable(),
  max_rel_diff: doubleColumn().nullable(),
});
