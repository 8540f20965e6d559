import { readFileSync } from 'node:fs';
import path from 'node:path';

/** `../shared/fixtures` relative to the repo root, read in place. */
export const FIXTURES = path.resolve(__dirname, '../../../../../shared/fixtures');

/** A spike-sorting fixture variant directory (`short` or `long`). */
export function variantDir(variant: 'short' | 'long'): string {
  return path.join(FIXTURES, 'spikesorting', variant);
}

/** Parsed `golden.json` of a spike-sorting fixture variant. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function golden(variant: 'short' | 'long'): any {
  return JSON.parse(readFileSync(path.join(variantDir(variant), 'golden.json'), 'utf8'));
}

/** Python `float.fromhex` for the golden `sos_hex` strings. */
export function fromPythonHex(s: string): number {
  const m = /^(-?)0x([01])\.([0-9a-f]+)p([+-]\d+)$/.exec(s);
  if (!m) throw new Error(`not a python float hex: ${s}`);
  const mant = BigInt(`0x${m[2]}${m[3]}`);
  const exp = Number(m[4]) - 4 * m[3].length;
  const v = Number(mant) * 2 ** exp;
  return m[1] ? -v : v;
}

/** Byte-equality of two typed arrays. */
export function sameBytes(a: ArrayBufferView, b: ArrayBufferView): boolean {
  return Buffer.compare(Buffer.from(a.buffer, a.byteOffset, a.byteLength), Buffer.from(b.buffer, b.byteOffset, b.byteLength)) === 0;
}

/** Concatenates typed arrays of one kind. */
export function concatTyped<T extends Int16Array | Float64Array>(parts: T[]): T {
  const total = parts.reduce((n, p) => n + p.length, 0);
  const Ctor = parts[0].constructor as { new (n: number): T };
  const out = new Ctor(total);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
