/**
 * The Python values a DataJoint 0.14 blob holds, modelled so that decoding and re-encoding gives
 * the same bytes: a Python `int` and a `float` are different things in a blob (`0x0a` vs `0x0d`),
 * and so are a `list` and a `tuple`, a numpy scalar and a Python scalar.
 *
 * | Python | here |
 * | --- | --- |
 * | `None` | `null` |
 * | `bool` | `boolean` |
 * | `int` (unbounded) | `bigint` |
 * | `float` | `number` |
 * | `str` | `string` |
 * | `bytes` | `Uint8Array` |
 * | `list` | `BlobValue[]` |
 * | `tuple`, `set`, `dict` | {@link PyTuple}, {@link PySet}, {@link PyDict} |
 * | `complex`, `Decimal`, `uuid.UUID`, `datetime` | {@link PyComplex}, {@link PyDecimal}, {@link PyUuid}, {@link PyDatetime} |
 * | `numpy.ndarray` (and numpy scalars, ndim 0) | {@link NdArray} |
 */
export type BlobValue =
  | null
  | boolean
  | bigint
  | number
  | string
  | Uint8Array
  | BlobValue[]
  | PyTuple
  | PySet
  | PyDict
  | PyComplex
  | PyDecimal
  | PyUuid
  | PyDatetime
  | NdArray;

/** A Python `tuple`. */
export class PyTuple {
  constructor(readonly items: BlobValue[]) {}
}

/** A Python `set`, in the order its blob lists the members (Python's iteration order when packed). */
export class PySet {
  constructor(readonly items: BlobValue[]) {}
}

/**
 * A Python `dict` (any hashable keys), in insertion order. Spyglass's parameter dicts have string
 * keys: {@link PyDict.get} looks those up.
 */
export class PyDict {
  constructor(readonly entries: Array<[BlobValue, BlobValue]>) {}

  /** The value under the string key `key`, or `undefined` when there is none. */
  get(key: string): BlobValue | undefined {
    return this.entries.find(([entryKey]) => entryKey === key)?.[1];
  }

  /** The dict built from a plain object's own entries (keys in the object's order). */
  static fromObject(object: Record<string, BlobValue>): PyDict {
    return new PyDict(Object.entries(object));
  }
}

/** A Python `complex` scalar (`0x0c`: two float64). */
export class PyComplex {
  constructor(
    readonly real: number,
    readonly imag: number,
  ) {}
}

/** A `decimal.Decimal`, kept as the text `str(d)` gave. */
export class PyDecimal {
  constructor(readonly text: string) {}
}

/** A `uuid.UUID`, as its canonical lower-case hyphenated text. */
export class PyUuid {
  constructor(readonly value: string) {}
}

/**
 * A `datetime.date`, `datetime.time` or `datetime.datetime` as DataJoint packs it: `date` is
 * `yyyymmdd` (or -1 for a time), `time` is `hhmmssuuuuuu` (or -1n for a date).
 */
export class PyDatetime {
  constructor(
    readonly date: number,
    readonly time: bigint,
  ) {}
}

/** numpy dtypes a blob array can hold (DataJoint's mxClassID table) besides `object`. */
export type NumericDtype = 'bool' | 'float64' | 'float32' | 'int8' | 'uint8' | 'int16' | 'uint16' | 'int32' | 'uint32' | 'int64' | 'uint64';

/** Typed-array storage of each numeric dtype (`bool` as one byte per element, 0 or 1). */
export interface NumericStorage {
  bool: Uint8Array;
  float64: Float64Array;
  float32: Float32Array;
  int8: Int8Array;
  uint8: Uint8Array;
  int16: Int16Array;
  uint16: Uint16Array;
  int32: Int32Array;
  uint32: Uint32Array;
  int64: BigInt64Array;
  uint64: BigUint64Array;
}

/** Any numeric ndarray's element storage. */
export type NumericData = NumericStorage[NumericDtype];

/**
 * A numpy array (or a numpy scalar: `shape` `[]`). Elements are in C (row-major) order, the order
 * numpy indexes them; the blob itself stores them in Fortran order, which the codec converts.
 * `object` arrays (numpy object or unicode arrays, DataJoint's VOID class) hold one
 * {@link BlobValue} per element.
 */
export type NdArray =
  | { kind: 'ndarray'; dtype: NumericDtype; shape: number[]; data: NumericData; imag?: NumericData }
  | { kind: 'ndarray'; dtype: 'object'; shape: number[]; data: BlobValue[] };

/** True for an {@link NdArray}. */
export function isNdArray(value: BlobValue): value is NdArray {
  return typeof value === 'object' && value !== null && (value as { kind?: unknown }).kind === 'ndarray';
}

/**
 * A float64 ndarray of the given shape from C-order values, e.g. Spyglass's `valid_times`
 * `[[start, stop], …]` is `float64Array([[s, e]].flat(), [1, 2])`.
 */
export function float64Array(values: ArrayLike<number>, shape: number[]): NdArray {
  const data = Float64Array.from(values);
  if (shape.reduce((product, size) => product * size, 1) !== data.length) {
    throw new RangeError(`${data.length} values do not fill shape [${shape.join(', ')}]`);
  }
  return { kind: 'ndarray', dtype: 'float64', shape: [...shape], data };
}
