import type { NumericData, NumericDtype } from './BlobValue';

/**
 * DataJoint's mxClassID numbers (MATLAB's class ids) for the numpy dtypes it can put in a blob
 * (`deserialize_lookup` in datajoint/blob.py). 5 (VOID) is numpy `object`; 4 (CHAR) and the
 * datetime64 ids above 65535 are not supported here.
 */
export const dtypeByClassId: ReadonlyMap<number, NumericDtype | 'object'> = new Map([
  [3, 'bool'],
  [5, 'object'],
  [6, 'float64'],
  [7, 'float32'],
  [8, 'int8'],
  [9, 'uint8'],
  [10, 'int16'],
  [11, 'uint16'],
  [12, 'int32'],
  [13, 'uint32'],
  [14, 'int64'],
  [15, 'uint64'],
] as const);

/** The mxClassID of a dtype (inverse of {@link dtypeByClassId}). */
export const classIdByDtype: ReadonlyMap<NumericDtype | 'object', number> = new Map(
  [...dtypeByClassId].map(([classId, dtype]) => [dtype, classId]),
);

/** Bytes per element of each numeric dtype. */
export const itemSize: Readonly<Record<NumericDtype, number>> = {
  bool: 1,
  float64: 8,
  float32: 4,
  int8: 1,
  uint8: 1,
  int16: 2,
  uint16: 2,
  int32: 4,
  uint32: 4,
  int64: 8,
  uint64: 8,
};

/** A zero-filled typed array of `length` elements of `dtype`. */
export function allocateNumeric(dtype: NumericDtype, length: number): NumericData {
  switch (dtype) {
    case 'bool':
    case 'uint8':
      return new Uint8Array(length);
    case 'float64':
      return new Float64Array(length);
    case 'float32':
      return new Float32Array(length);
    case 'int8':
      return new Int8Array(length);
    case 'int16':
      return new Int16Array(length);
    case 'uint16':
      return new Uint16Array(length);
    case 'int32':
      return new Int32Array(length);
    case 'uint32':
      return new Uint32Array(length);
    case 'int64':
      return new BigInt64Array(length);
    case 'uint64':
      return new BigUint64Array(length);
  }
}

/** Reads `length` little-endian elements of `dtype` from `bytes` at `offset` (copies). */
export function readNumeric(bytes: Uint8Array, offset: number, dtype: NumericDtype, length: number): NumericData {
  const out = allocateNumeric(dtype, length);
  // A fresh typed array is aligned; copying the bytes in avoids unaligned views (x86/arm are little-endian,
  // which every platform Node supports is).
  new Uint8Array(out.buffer).set(bytes.subarray(offset, offset + length * itemSize[dtype]));
  return out;
}

/** The little-endian bytes of a typed array's elements (a view, not a copy). */
export function numericBytes(data: NumericData): Uint8Array {
  return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
}

/**
 * Permutes the elements of a `shape`-d array between C (row-major) and Fortran (column-major)
 * order. `toFortran` true maps C-order `source` to F order, false the reverse.
 */
export function reorder<T extends { length: number; [index: number]: unknown }>(
  source: T,
  shape: readonly number[],
  toFortran: boolean,
  target: T,
): T {
  const ndim = shape.length;
  if (ndim < 2) {
    for (let index = 0; index < source.length; index++) target[index] = source[index];
    return target;
  }
  // Fortran strides (in elements) of each axis; walk the C-order multi-index with a counter.
  const fortranStrides = new Array<number>(ndim);
  let stride = 1;
  for (let axis = 0; axis < ndim; axis++) {
    fortranStrides[axis] = stride;
    stride *= shape[axis]!;
  }
  const counter = new Array<number>(ndim).fill(0);
  let fortranIndex = 0;
  for (let cIndex = 0; cIndex < source.length; cIndex++) {
    if (toFortran) target[fortranIndex] = source[cIndex];
    else target[cIndex] = source[fortranIndex];
    for (let axis = ndim - 1; axis >= 0; axis--) {
      counter[axis]!++;
      fortranIndex += fortranStrides[axis]!;
      if (counter[axis]! < shape[axis]!) break;
      fortranIndex -= fortranStrides[axis]! * shape[axis]!;
      counter[axis] = 0;
    }
  }
  return target;
}
