import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { isRecomputeError } from '@spyglass-recompute/errors';
import { loadH5wasm } from '../h5/h5wasm';
import { hashNwbFile } from './hashNwbFile';

/**
 * Property: whatever attribute and dataset kinds a file holds, the hasher returns a digest
 * or a typed HASH_UNSUPPORTED_OBJECT error naming the Python exception Spyglass raises —
 * never a crash, a hang or an untyped error. Files are written with h5wasm, the writer the
 * project's tests and generators use.
 */

const NUMERIC_DTYPES = ['<i1', '<u1', '<i2', '<u2', '<i4', '<u4', '<i8', '<u8', '<f4', '<f8'] as const;
type NumericDtype = (typeof NUMERIC_DTYPES)[number];

/** One value kind to store as an attribute or a dataset. */
type ValueKind =
  | { kind: 'numeric'; dtype: NumericDtype; shape: number[]; seed: number }
  | { kind: 'vlen'; shape: number[]; texts: string[] }
  | { kind: 'fixed'; size: number; shape: number[]; texts: string[] };

const shapeArb = fc.oneof(fc.constant<number[]>([]), fc.array(fc.integer({ min: 0, max: 4 }), { minLength: 1, maxLength: 3 }));

function elementCount(shape: number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

const valueArb: fc.Arbitrary<ValueKind> = fc.oneof(
  fc.record({ kind: fc.constant('numeric' as const), dtype: fc.constantFrom(...NUMERIC_DTYPES), shape: shapeArb, seed: fc.integer() }),
  shapeArb.chain((shape) =>
    fc.record({
      kind: fc.constant('vlen' as const),
      shape: fc.constant(shape),
      texts: fc.array(fc.string({ unit: 'grapheme', maxLength: 6 }), { minLength: elementCount(shape), maxLength: elementCount(shape) }),
    }),
  ),
  fc.tuple(shapeArb, fc.integer({ min: 1, max: 6 })).chain(([shape, size]) =>
    fc.record({
      kind: fc.constant('fixed' as const),
      size: fc.constant(size),
      shape: fc.constant(shape),
      texts: fc.array(fc.string({ unit: 'binary-ascii', maxLength: size }), {
        minLength: elementCount(shape),
        maxLength: elementCount(shape),
      }),
    }),
  ),
);

/** Typed data for a numeric kind: values spread over the type's range, NaN/inf for floats. */
function numericData(dtype: NumericDtype, n: number, seed: number): ArrayLike<number | bigint> {
  const specials = [0, -0, 1, -1, 0.1, 1e-7, 1e300, NaN, Infinity, -Infinity];
  const pick = (i: number): number => specials[Math.abs(seed + i) % specials.length];
  const int = (i: number): number => ((seed + i * 2654435761) % 1000) - 500;
  switch (dtype) {
    case '<f4':
      return Float32Array.from({ length: n }, (_, i) => pick(i));
    case '<f8':
      return Float64Array.from({ length: n }, (_, i) => pick(i) * (i + 1));
    case '<i8':
      return BigInt64Array.from({ length: n }, (_, i) => BigInt(int(i)) * 12345678901n);
    case '<u8':
      return BigUint64Array.from({ length: n }, (_, i) => BigInt(Math.abs(int(i))) * 12345678901n);
    case '<i1':
      return Int8Array.from({ length: n }, (_, i) => int(i) % 128);
    case '<u1':
      return Uint8Array.from({ length: n }, (_, i) => Math.abs(int(i)) % 256);
    case '<i2':
      return Int16Array.from({ length: n }, (_, i) => int(i) * 60);
    case '<u2':
      return Uint16Array.from({ length: n }, (_, i) => Math.abs(int(i)) * 100);
    case '<i4':
      return Int32Array.from({ length: n }, (_, i) => int(i) * 4_000_000);
    case '<u4':
      return Uint32Array.from({ length: n }, (_, i) => Math.abs(int(i)) * 8_000_000);
  }
}

/** h5wasm spells dtypes with numpy's character codes. */
const H5WASM_DTYPE: Record<NumericDtype, string> = {
  '<i1': '<b',
  '<u1': '<B',
  '<i2': '<h',
  '<u2': '<H',
  '<i4': '<i',
  '<u4': '<I',
  '<i8': '<q',
  '<u8': '<Q',
  '<f4': '<f',
  '<f8': '<d',
};

function dataOf(value: ValueKind): { data: unknown; dtype: string } {
  const n = elementCount(value.shape);
  if (value.kind === 'numeric') return { data: numericData(value.dtype, n, value.seed), dtype: H5WASM_DTYPE[value.dtype] };
  if (value.kind === 'vlen') return { data: value.texts, dtype: 'S' };
  return { data: value.texts, dtype: `A${value.size}` };
}

describe('hashNwbFile never crashes on the value kinds a writer can produce', () => {
  let tmp: string;
  beforeAll(() => {
    tmp = mkdtempSync(path.join(os.tmpdir(), 'hash-property-'));
  });
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));

  it('returns a digest or a typed error naming the Python exception', async () => {
    const h5 = await loadH5wasm();
    let fileIndex = 0;
    const outcomes = { digest: 0, typedError: 0 };
    await fc.assert(
      fc.asyncProperty(
        fc.array(valueArb, { minLength: 1, maxLength: 4 }),
        fc.array(fc.tuple(valueArb, fc.boolean()), { minLength: 0, maxLength: 3 }),
        fc.boolean(),
        async (attributes, datasets, legacy) => {
          const filePath = path.join(tmp, `f${(fileIndex += 1)}.h5`);
          const file = new h5.File(filePath, 'w');
          try {
            const group = file.create_group('grp');
            // The writer refuses a few kinds (e.g. an empty vlen string attribute); whatever
            // it leaves behind (possibly a half-written object) is hashed all the same.
            const tryWrite = (write: () => void): void => {
              try {
                write();
              } catch {
                // not writable by h5wasm
              }
            };
            attributes.forEach((value, i) => {
              const { data, dtype } = dataOf(value);
              tryWrite(() => group.create_attribute(`a${i}`, data as never, value.shape, dtype));
            });
            datasets.forEach(([value, chunked], i) => {
              const { data, dtype } = dataOf(value);
              // Chunked storage needs a non-scalar shape and positive chunk sizes.
              const chunks = chunked && value.kind === 'numeric' && value.shape.length > 0 ? value.shape.map((d) => Math.max(1, d)) : null;
              tryWrite(() =>
                group.create_dataset({
                  name: `d${i}`,
                  data: data as never,
                  shape: value.shape,
                  dtype,
                  chunks,
                  compression: chunks ? 'gzip' : undefined,
                }),
              );
            });
          } finally {
            file.close();
          }
          try {
            const result = await hashNwbFile(filePath, { legacy, objects: true });
            expect(result.hash).toMatch(/^[0-9a-f]{32}$/);
            expect(Object.keys(result.objects ?? {})).toContain('grp');
            outcomes.digest += 1;
          } catch (error) {
            outcomes.typedError += 1;
            expect(isRecomputeError(error)).toBe(true);
            expect(error).toMatchObject({ code: 'HASH_UNSUPPORTED_OBJECT' });
            expect((error as Error).message).toMatch(/raises (TypeError|ValueError|UnicodeEncodeError|UnicodeDecodeError) here/);
          }
        },
      ),
      { numRuns: 40, seed: 20261203 },
    );
    // The fixed seed reaches both outcomes (e.g. a (0, n) numeric attribute raises TypeError).
    expect(outcomes.digest).toBeGreaterThan(0);
    expect(outcomes.typedError).toBeGreaterThan(0);
  });
});
