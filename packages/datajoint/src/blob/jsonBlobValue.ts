import { dataJointErrors } from '../dataJointErrors';
import { PyDict, PyTuple, isNdArray, type BlobValue, type NdArray } from './BlobValue';

/** A JSON value (what our own tables keep in `json` columns). */
export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

/**
 * The JSON form of a blob value, as our own tables store the same column: dicts with string keys
 * become objects, lists and tuples arrays, ints numbers (when exactly representable), numpy
 * arrays nested arrays in C order (`valid_times` → `[[start, stop], …]`), numpy scalars numbers.
 *
 * @throws RecomputeError `BLOB_UNSUPPORTED` for what JSON cannot say without loss (bytes, sets,
 *   complex, non-string dict keys, ints beyond 2^53, non-finite floats).
 */
export function blobValueToJson(value: BlobValue): JsonValue {
  if (value === null || typeof value === 'boolean' || typeof value === 'string') return value;
  if (typeof value === 'number') return finite(value);
  if (typeof value === 'bigint') return safeInteger(value);
  if (Array.isArray(value)) return value.map(blobValueToJson);
  if (value instanceof PyTuple) return value.items.map(blobValueToJson);
  if (value instanceof PyDict) {
    const object: Record<string, JsonValue> = {};
    for (const [key, entry] of value.entries) {
      if (typeof key !== 'string') throw dataJointErrors.blobUnsupported('a dict with a non-string key, which JSON cannot hold');
      object[key] = blobValueToJson(entry);
    }
    return object;
  }
  if (isNdArray(value)) return ndArrayToJson(value);
  throw dataJointErrors.blobUnsupported(`a ${value.constructor.name}, which JSON cannot hold`);
}

/**
 * The blob value DataJoint would be given for a JSON value by Python code: objects become dicts,
 * arrays lists, integral numbers Python `int`s and other numbers `float`s. (JSON cannot tell
 * `300` from `300.0`; Spyglass's parameter dicts use ints for integral values.)
 */
export function jsonToBlobValue(value: JsonValue): BlobValue {
  if (value === null || typeof value === 'boolean' || typeof value === 'string') return value;
  if (typeof value === 'number') return Number.isInteger(value) ? BigInt(value) : value;
  if (Array.isArray(value)) return value.map(jsonToBlobValue);
  return new PyDict(Object.entries(value).map(([key, entry]) => [key, jsonToBlobValue(entry)]));
}

function ndArrayToJson(array: NdArray): JsonValue {
  if (array.dtype !== 'object' && array.imag !== undefined)
    throw dataJointErrors.blobUnsupported('a complex array, which JSON cannot hold');
  const element = (index: number): JsonValue => {
    const item = array.data[index]!;
    if (array.dtype === 'bool') return item !== 0;
    if (typeof item === 'bigint') return safeInteger(item);
    if (typeof item === 'number' && array.dtype !== 'object') return finite(item);
    return blobValueToJson(item as BlobValue);
  };
  if (array.shape.length === 0) return element(0);
  let offset = 0;
  const build = (axis: number): JsonValue[] => {
    const out: JsonValue[] = [];
    for (let index = 0; index < array.shape[axis]!; index++) {
      out.push(axis === array.shape.length - 1 ? element(offset++) : build(axis + 1));
    }
    return out;
  };
  return build(0);
}

function safeInteger(value: bigint): number {
  if (value > BigInt(Number.MAX_SAFE_INTEGER) || value < BigInt(Number.MIN_SAFE_INTEGER)) {
    throw dataJointErrors.blobUnsupported(`the integer ${value}, beyond what a JSON number holds exactly`);
  }
  return Number(value);
}

function finite(value: number): number {
  if (!Number.isFinite(value)) throw dataJointErrors.blobUnsupported(`the float ${value}, which JSON cannot hold`);
  return value;
}
