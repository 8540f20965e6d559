import { Type, type EntityProperty } from '@mikro-orm/core';
import {
  blobValueToJson,
  decodeBlob,
  encodeBlob,
  float64Array,
  jsonToBlobValue,
  type BlobValue,
  type JsonValue,
} from '@spyglass-recompute/datajoint';
import { schemaErrors } from '../schemaErrors';

/**
 * What Python object a blob column holds in Spyglass, which decides how a JSON value is packed:
 * `python` — dicts, lists, str, int, float, bool, None (params, `nwb_deps`, `env`: DataJoint's
 * `dj0` protocol); `float64-array` — a numpy float64 array such as `valid_times` (n, 2) or a v0
 * `sort_interval` (2,) (`mYm` protocol), given as nested number arrays.
 */
export type BlobShape = 'python' | 'float64-array';

/**
 * A DataJoint `blob`/`longblob` column seen as a JSON value in JS: read with DataJoint's blob
 * decoder, written as DataJoint 0.14 packs the equivalent Python object (compressed the same
 * way), so rows we write are the bytes Spyglass's own inserts would produce.
 */
export class DataJointBlobType extends Type<JsonValue | null, Buffer | null> {
  constructor(private readonly shape: BlobShape = 'python') {
    super();
  }

  override convertToDatabaseValue(value: JsonValue | null | undefined): Buffer | null {
    if (value === null || value === undefined) return null;
    const blobValue = this.shape === 'float64-array' ? nestedToFloat64Array(value) : jsonToBlobValue(value);
    return Buffer.from(encodeBlob(blobValue));
  }

  override convertToJSValue(value: Buffer | Uint8Array | null | undefined): JsonValue | null {
    if (value === null || value === undefined) return null;
    return blobValueToJson(decodeBlob(value));
  }

  override getColumnType(prop: EntityProperty): string {
    return prop.columnTypes?.[0] ?? 'longblob';
  }

  override compareAsType(): string {
    return 'any';
  }
}

/** A rectangular nest of number arrays as a C-order float64 ndarray. */
function nestedToFloat64Array(value: JsonValue): BlobValue {
  const shape: number[] = [];
  for (let level: JsonValue = value; Array.isArray(level); level = level[0] ?? null) shape.push(level.length);
  const flat: unknown[] = [];
  const collect = (item: JsonValue): void => {
    if (Array.isArray(item)) item.forEach(collect);
    else flat.push(item);
  };
  collect(value);
  if (!flat.every((item) => typeof item === 'number') || flat.length !== shape.reduce((product, size) => product * size, 1)) {
    throw schemaErrors.float64ArrayValueInvalid(value);
  }
  return float64Array(flat as number[], shape);
}
