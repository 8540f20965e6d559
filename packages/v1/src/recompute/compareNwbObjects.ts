import { loadH5wasm, type H5File, type H5Wasm } from '@spyglass-recompute/nwb';
import type { ObjectComparison } from '@spyglass-recompute/engine';

type Dataset = InstanceType<H5Wasm['Dataset']>;

/** Elements read per batch from each file (8 MiB of float64): bounded memory on any size. */
const BATCH_ELEMENTS = 1 << 20;
const H5T_INTEGER = 0;
const H5T_FLOAT = 1;

/** Running maxima of |a − b| and |a − b| / max(|a|, |b|). */
export interface DifferenceAccumulator {
  maxAbsDiff: number;
  maxRelDiff: number;
  differingElements: number;
}

/** Folds two equally long numeric batches into `acc` (NaN vs NaN counts as equal; NaN vs a number as infinitely different). */
export function accumulateDifferences(acc: DifferenceAccumulator, a: ArrayLike<number>, b: ArrayLike<number>): DifferenceAccumulator {
  for (let i = 0; i < a.length; i += 1) {
    const x = a[i];
    const y = b[i];
    if (x === y || (Number.isNaN(x) && Number.isNaN(y))) continue;
    acc.differingElements += 1;
    const abs = Math.abs(x - y);
    const diff = Number.isNaN(abs) ? Infinity : abs;
    if (diff > acc.maxAbsDiff) acc.maxAbsDiff = diff;
    const scale = Math.max(Math.abs(x), Math.abs(y));
    const rel = scale > 0 ? diff / scale : 0;
    if (rel > acc.maxRelDiff) acc.maxRelDiff = rel;
  }
  return acc;
}

function toNumbers(values: unknown): ArrayLike<number> {
  if (values instanceof BigInt64Array || values instanceof BigUint64Array) return Array.from(values, Number);
  if (ArrayBuffer.isView(values)) return values as unknown as ArrayLike<number>;
  if (Array.isArray(values)) return values.map(Number);
  return [Number(values)];
}

function numericDataset(h5: H5Wasm, file: H5File, name: string): Dataset | null {
  const obj = file.get(name);
  if (!(obj instanceof h5.Dataset)) return null;
  const meta = obj.metadata;
  if (meta.type !== H5T_INTEGER && meta.type !== H5T_FLOAT) return null;
  if (meta.type === H5T_FLOAT && meta.size < 4) return null; // h5wasm cannot read float16
  return obj;
}

function compareDatasets(name: string, a: Dataset, b: Dataset): ObjectComparison {
  const shapeA = a.shape ?? [];
  const shapeB = b.shape ?? [];
  if (shapeA.length !== shapeB.length || shapeA.some((n, i) => n !== shapeB[i]))
    return { name, maxAbsDiff: null, maxRelDiff: null, differingElements: null };
  const acc: DifferenceAccumulator = { maxAbsDiff: 0, maxRelDiff: 0, differingElements: 0 };
  if (shapeA.length === 0) {
    accumulateDifferences(acc, toNumbers(a.value), toNumbers(b.value));
    return { name, ...acc };
  }
  const rowSize = shapeA.slice(1).reduce((n, d) => n * d, 1);
  const rows = Math.max(1, Math.floor(BATCH_ELEMENTS / Math.max(1, rowSize)));
  for (let start = 0; start < shapeA[0]; start += rows) {
    const end = Math.min(shapeA[0], start + rows);
    accumulateDifferences(acc, toNumbers(a.slice([[start, end]])), toNumbers(b.slice([[start, end]])));
  }
  return { name, ...acc };
}

/**
 * h5diff-style numeric comparison of the objects `names` (paths without a leading `/`) in two
 * HDF5 files, reading both in row batches. Numeric datasets of equal shape get max |Δ| and
 * max relative Δ; other objects (groups, strings, shape changes, absent on a side) get nulls.
 */
export async function compareNwbObjects(oldPath: string, newPath: string, names: readonly string[]): Promise<ObjectComparison[]> {
  const h5 = await loadH5wasm();
  const oldFile: H5File = new h5.File(oldPath, 'r');
  try {
    const newFile: H5File = new h5.File(newPath, 'r');
    try {
      return names.map((name) => {
        const a = numericDataset(h5, oldFile, name);
        const b = numericDataset(h5, newFile, name);
        if (!a || !b) return { name, maxAbsDiff: null, maxRelDiff: null, differingElements: null };
        return compareDatasets(name, a, b);
      });
    } finally {
      newFile.close();
    }
  } finally {
    oldFile.close();
  }
}
