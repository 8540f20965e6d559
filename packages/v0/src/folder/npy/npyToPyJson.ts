import { pyFloat, type PyJsonValue } from '@spyglass-recompute/nwb';
import { InvariantError } from '@spyglass-recompute/errors';
import { isFloatDtype, type NpyArray, type NpyScalar, type NpyScalarDtype } from './NpyArray';

/** One element as `ndarray.tolist()` yields it: numpy floats stay Python floats (`0.0`). */
export function npyScalarToPyJson(dtype: NpyScalarDtype, value: NpyScalar): PyJsonValue {
  if (isFloatDtype(dtype)) return pyFloat(Number(value));
  if (dtype === '|b1') return Boolean(value);
  return value;
}

/** `ndarray.tolist()` of a plain (non-structured) array, as spikeinterface's JSON encoder emits it. */
export function npyToPyJson(array: NpyArray): PyJsonValue {
  if (typeof array.dtype !== 'string') {
    throw new InvariantError('structured arrays are never serialised to JSON by spikeinterface');
  }
  const dtype = array.dtype;
  const data = array.data as readonly NpyScalar[];
  const build = (axis: number, offset: number): PyJsonValue => {
    const length = array.shape[axis] as number;
    const stride = array.shape.slice(axis + 1).reduce((a, b) => a * b, 1);
    const out: PyJsonValue[] = [];
    for (let i = 0; i < length; i += 1) {
      out.push(
        axis === array.shape.length - 1 ? npyScalarToPyJson(dtype, data[offset + i] as NpyScalar) : build(axis + 1, offset + i * stride),
      );
    }
    return out;
  };
  if (array.shape.length === 0) return npyScalarToPyJson(dtype, data[0] as NpyScalar);
  return build(0, 0);
}
