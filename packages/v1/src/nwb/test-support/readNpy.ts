import fs from 'node:fs';

/** A `.npy` array: C-order values and shape. */
export interface NpyArray {
  shape: number[];
  descr: string;
  data: Float64Array | Int16Array | BigInt64Array | Int32Array;
}

/** Test helper: reads a little-endian, C-order `.npy` file (`<f8`, `<i2`, `<i4`, `<i8`). */
export function readNpy(filePath: string): NpyArray {
  const buf = fs.readFileSync(filePath);
  if (buf.toString('latin1', 1, 6) !== 'NUMPY') throw new Error(`${filePath} is not a .npy file`);
  const major = buf[6];
  const headerLen = major === 1 ? buf.readUInt16LE(8) : buf.readUInt32LE(8);
  const headerStart = major === 1 ? 10 : 12;
  const header = buf.toString('latin1', headerStart, headerStart + headerLen);
  const descr = /'descr':\s*'([^']+)'/.exec(header)?.[1];
  const fortran = /'fortran_order':\s*(True|False)/.exec(header)?.[1];
  const shapeText = /'shape':\s*\(([^)]*)\)/.exec(header)?.[1];
  if (!descr || fortran !== 'False' || shapeText === undefined) throw new Error(`${filePath}: unsupported .npy header ${header}`);
  const shape = shapeText
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '')
    .map(Number);
  const start = headerStart + headerLen;
  const bytes = buf.subarray(start);
  const copy = new Uint8Array(bytes.length);
  copy.set(bytes); // aligned copy
  const ctor = { '<f8': Float64Array, '<i2': Int16Array, '<i4': Int32Array, '<i8': BigInt64Array }[descr];
  if (!ctor) throw new Error(`${filePath}: unsupported dtype ${descr}`);
  return { shape, descr, data: new ctor(copy.buffer) };
}
