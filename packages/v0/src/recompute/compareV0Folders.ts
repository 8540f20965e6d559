import { open, readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { parsePythonJson, readNpyHeader } from '@spyglass-recompute/nwb';
import type { ObjectComparison } from '@spyglass-recompute/engine';

const CHUNK_BYTES = 1 << 22;

/** Typed-array constructors of the little-endian numeric dtypes a v0 folder holds. */
const NUMERIC: Record<string, (buffer: ArrayBuffer) => ArrayLike<number | bigint>> = {
  '<i2': (b) => new Int16Array(b),
  '<i4': (b) => new Int32Array(b),
  '<i8': (b) => new BigInt64Array(b),
  '<u2': (b) => new Uint16Array(b),
  '<u4': (b) => new Uint32Array(b),
  '<f4': (b) => new Float32Array(b),
  '<f8': (b) => new Float64Array(b),
  '|i1': (b) => new Int8Array(b),
  '|u1': (b) => new Uint8Array(b),
  '|b1': (b) => new Uint8Array(b),
};
const ITEM_SIZE: Record<string, number> = {
  '<i2': 2,
  '<i4': 4,
  '<i8': 8,
  '<u2': 2,
  '<u4': 4,
  '<f4': 4,
  '<f8': 8,
  '|i1': 1,
  '|u1': 1,
  '|b1': 1,
};

async function listFiles(root: string): Promise<string[]> {
  const entries = await readdir(root, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) =>
      path
        .relative(root, path.join(entry.parentPath ?? (entry as unknown as { path: string }).path, entry.name))
        .split(path.sep)
        .join('/'),
    )
    .sort();
}

/** The `dtype` of the traces in `binary.json` (default int16, what v0 writes). */
async function tracesDtype(folder: string): Promise<string> {
  try {
    const doc = parsePythonJson(await readFile(path.join(folder, 'binary.json'), 'utf8')) as { kwargs?: { dtype?: unknown } };
    return typeof doc.kwargs?.dtype === 'string' ? doc.kwargs.dtype : '<i2';
  } catch {
    return '<i2';
  }
}

/** Byte offset and dtype of the numeric payload of a file, or null when it is not a numeric array. */
async function payload(file: string, rawDtype: string): Promise<{ offset: number; dtype: string } | null> {
  if (file.endsWith('.raw')) return NUMERIC[rawDtype] ? { offset: 0, dtype: rawDtype } : null;
  if (!file.endsWith('.npy')) return null;
  const handle = await open(file, 'r');
  try {
    const head = Buffer.alloc(4096);
    const { bytesRead } = await handle.read(head, 0, head.length, 0);
    const header = readNpyHeader(file, head.subarray(0, bytesRead));
    return NUMERIC[header.descr] && !header.fortranOrder ? { offset: header.dataOffset, dtype: header.descr } : null;
  } catch {
    return null;
  } finally {
    await handle.close();
  }
}

/**
 * Streams two numeric payloads and returns h5diff-style maximal absolute and relative
 * differences; null differences when sizes differ.
 */
async function numericDiff(
  oldFile: string,
  newFile: string,
  oldPart: { offset: number; dtype: string },
  newPart: { offset: number; dtype: string },
): Promise<Omit<ObjectComparison, 'name'>> {
  const unknown = { maxAbsDiff: null, maxRelDiff: null, differingElements: null };
  if (oldPart.dtype !== newPart.dtype) return unknown;
  const itemSize = ITEM_SIZE[oldPart.dtype] as number;
  const make = NUMERIC[oldPart.dtype] as (b: ArrayBuffer) => ArrayLike<number | bigint>;
  const [a, b] = [await open(oldFile, 'r'), await open(newFile, 'r')];
  try {
    const [sa, sb] = [(await a.stat()).size - oldPart.offset, (await b.stat()).size - newPart.offset];
    if (sa !== sb || sa % itemSize !== 0) return unknown;
    let maxAbs = 0;
    let maxRel = 0;
    let differing = 0;
    const chunk = CHUNK_BYTES - (CHUNK_BYTES % itemSize);
    for (let pos = 0; pos < sa; pos += chunk) {
      const n = Math.min(chunk, sa - pos);
      const ba = new ArrayBuffer(n);
      const bb = new ArrayBuffer(n);
      await a.read(new Uint8Array(ba), 0, n, oldPart.offset + pos);
      await b.read(new Uint8Array(bb), 0, n, newPart.offset + pos);
      const va = make(ba);
      const vb = make(bb);
      for (let i = 0; i < va.length; i += 1) {
        const x = Number(va[i]);
        const y = Number(vb[i]);
        if (x === y || (Number.isNaN(x) && Number.isNaN(y))) continue;
        differing += 1;
        const abs = Math.abs(x - y);
        if (!(abs <= maxAbs)) maxAbs = abs;
        const scale = Math.max(Math.abs(x), Math.abs(y));
        if (scale > 0 && abs / scale > maxRel) maxRel = abs / scale;
      }
    }
    return { maxAbsDiff: maxAbs, maxRelDiff: maxRel, differingElements: differing };
  } finally {
    await a.close();
    await b.close();
  }
}

async function sameBytes(a: string, b: string): Promise<boolean> {
  const [x, y] = [await readFile(a), await readFile(b)];
  return x.equals(y);
}

/**
 * Per-file comparison of two v0 folders: every file present in both whose bytes differ, with
 * maximal absolute/relative differences for the numeric ones (`.raw` traces, `.npy` arrays);
 * other files (JSON) get null differences. Equal files are omitted.
 */
export async function compareV0Folders(oldFolder: string, newFolder: string): Promise<ObjectComparison[]> {
  const [oldFiles, newFiles] = [await listFiles(oldFolder), await listFiles(newFolder)];
  const shared = oldFiles.filter((file) => newFiles.includes(file));
  const [oldDtype, newDtype] = [await tracesDtype(oldFolder), await tracesDtype(newFolder)];
  const out: ObjectComparison[] = [];
  for (const name of shared) {
    const [oldFile, newFile] = [path.join(oldFolder, name), path.join(newFolder, name)];
    const [oldPart, newPart] = [await payload(oldFile, oldDtype), await payload(newFile, newDtype)];
    if (oldPart && newPart) {
      const diff = await numericDiff(oldFile, newFile, oldPart, newPart);
      if (diff.differingElements === 0) continue;
      out.push({ name, ...diff });
    } else if (!(await sameBytes(oldFile, newFile))) {
      out.push({ name, maxAbsDiff: null, maxRelDiff: null, differingElements: null });
    }
  }
  return out;
}
