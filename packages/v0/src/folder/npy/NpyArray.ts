/**
 * A small in-memory model of a numpy array: just enough to emulate what spikeinterface
 * stores as channel properties and writes with `np.save` (plain and structured dtypes).
 */

/** numpy scalar dtypes (`dtype.str`) this writer can hold and save. */
export type NpyScalarDtype = '|i1' | '<i2' | '<i4' | '<i8' | '|u1' | '<u2' | '<u4' | '<u8' | '<f4' | '<f8' | '|b1' | `<U${number}`;

/** One field of a structured dtype (`np.dtype([(name, dtype), ...])`). */
export interface NpyField {
  readonly name: string;
  readonly dtype: NpyScalarDtype;
}

/** A scalar dtype, or the field list of a structured dtype. */
export type NpyDtype = NpyScalarDtype | readonly NpyField[];

/** One element of a plain array (int64 values must be safe integers). */
export type NpyScalar = number | boolean | string;

/**
 * A C-ordered numpy array. `data` is flat for scalar dtypes (length = product of `shape`);
 * for a structured dtype every element is one record (values in field order).
 */
export interface NpyArray {
  readonly dtype: NpyDtype;
  readonly shape: readonly number[];
  readonly data: readonly NpyScalar[] | readonly (readonly NpyScalar[])[];
}

/** Number of characters of a `<U{n}` dtype, or undefined for other dtypes. */
export function unicodeWidth(dtype: NpyScalarDtype): number | undefined {
  return dtype.startsWith('<U') ? Number(dtype.slice(2)) : undefined;
}

/** True for numpy integer dtypes (signed or unsigned). */
export function isIntegerDtype(dtype: NpyScalarDtype): boolean {
  return /^[<|][iu]\d$/.test(dtype);
}

/** True for numpy float dtypes. */
export function isFloatDtype(dtype: NpyScalarDtype): boolean {
  return dtype === '<f4' || dtype === '<f8';
}

/**
 * Stores a string the way numpy does in a `<U{n}` array: truncated to `n` code points
 * (`np.zeros(3, dtype=str)[0] = 'CA1'` keeps `'C'`).
 */
export function truncateToUnicodeWidth(value: string, width: number): string {
  const codePoints = Array.from(value);
  return codePoints.length <= width ? value : codePoints.slice(0, width).join('');
}

/** Rows `indices` of an array along its first axis (numpy `arr[indices]`). */
export function takeRows(array: NpyArray, indices: readonly number[]): NpyArray {
  const rowSize = array.shape.slice(1).reduce((a, b) => a * b, 1);
  const isStructured = Array.isArray(array.dtype);
  const data: (NpyScalar | readonly NpyScalar[])[] = [];
  for (const index of indices) {
    if (isStructured) data.push([...(array.data[index] as readonly NpyScalar[])]);
    else for (let k = 0; k < rowSize; k += 1) data.push(array.data[index * rowSize + k] as NpyScalar);
  }
  return { dtype: array.dtype, shape: [indices.length, ...array.shape.slice(1)], data } as NpyArray;
}
