/**
 * True when `value` is a typed array of the named kind, from any realm: arrays that crossed a
 * worker boundary (or a jest VM context) fail `instanceof` against this realm's constructors.
 */
export function isTypedArrayOf(value: unknown, kind: 'Int16Array' | 'Float64Array'): boolean {
  return ArrayBuffer.isView(value) && Object.prototype.toString.call(value) === `[object ${kind}]`;
}
