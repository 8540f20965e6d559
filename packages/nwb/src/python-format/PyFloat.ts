/**
 * The Python-JSON value model. JSON text written by Python keeps `30000` (int) and
 * `30000.0` (float) apart, and Spyglass hashes that text, so a plain JS `number` is not
 * enough: a {@link PyFloat} marks a value that must print as a Python float.
 */

/** A number that Python would hold as `float` (prints `3.0`, `1e-07`, `NaN`). */
export class PyFloat {
  constructor(readonly value: number) {}

  /** Lets `JSON.stringify` and jest diffs show the number. */
  toJSON(): number {
    return this.value;
  }
}

/** Wraps a number so that {@link dumpPythonJson} prints it as a Python float. */
export function pyFloat(value: number): PyFloat {
  return new PyFloat(value);
}

/**
 * A JSON value as Python holds it.
 * - `bigint` → int (any size); `PyFloat` → float;
 * - plain `number` → int when it is an integer, float otherwise (NaN/±Infinity are floats);
 *   wrap integral floats in {@link PyFloat} to keep them floats;
 * - objects → dict in insertion order; pass a `Map` when keys look like array indices
 *   (`"0"`, `"10"`), because plain JS objects list such keys first.
 */
export type PyJsonValue = null | boolean | string | number | bigint | PyFloat | PyJsonValue[] | PyJsonObject | Map<string, PyJsonValue>;

/** A Python dict with string keys. */
export interface PyJsonObject {
  [key: string]: PyJsonValue;
}
