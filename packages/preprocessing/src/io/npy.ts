import path from 'node:path';
import { InvariantError } from '@spyglass-recompute/errors';
import { encodeNpyHeader } from '@spyglass-recompute/nwb';
import { preprocessingErrors } from '../preprocessingErrors';
import { open, readFile, rename, rm } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';

/** dtypes the `.npy` helpers handle (little-endian, C order). */
export type NpyDtype = '<i2' | '<f8' | '<i8';

/** The `.npy` header numpy 1.24's `np.save` writes for a C-ordered array of `dtype` and `shape`. */
export function npyHeader(dtype: NpyDtype, shape: readonly number[]): Uint8Array {
  return encodeNpyHeader(`'${dtype}'`, shape);
}

/**
 * Streams an `.npy` file whose shape is known up front: the header is written at open,
 * then row blocks are appended in order with {@link NpyWriter.append}. Everything goes to a
 * hidden temporary sibling that {@link NpyWriter.close} renames into place only when
 * complete, so a failed run never leaves a truncated array under the final name.
 */
export class NpyWriter {
  private constructor(
    private readonly handle: FileHandle,
    private readonly filePath: string,
    private readonly tempPath: string,
    private readonly expectedBytes: number,
    private written = 0,
  ) {}

  /** Starts `filePath` (as a temporary sibling) and writes the header. */
  static async create(filePath: string, dtype: NpyDtype, shape: number[]): Promise<NpyWriter> {
    const tempPath = path.join(path.dirname(filePath), `.${path.basename(filePath)}.${process.pid}.tmp`);
    const handle = await open(tempPath, 'w');
    try {
      await handle.write(npyHeader(dtype, shape));
    } catch (error) {
      await handle.close();
      await rm(tempPath, { force: true });
      throw error;
    }
    const itemsize = dtype === '<i2' ? 2 : 8;
    return new NpyWriter(handle, filePath, tempPath, shape.reduce((a, b) => a * b, 1) * itemsize);
  }

  /** Drops the unfinished file (after a failure elsewhere). */
  async abort(): Promise<void> {
    await this.handle.close().catch(() => undefined);
    await rm(this.tempPath, { force: true });
  }

  /** Appends the bytes of a typed array (platform is little-endian). */
  async append(data: Int16Array | Float64Array | BigInt64Array): Promise<void> {
    await this.handle.write(new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
    this.written += data.byteLength;
  }

  /**
   * Closes the file and renames it into place; throws (and removes it) if fewer or more
   * bytes than the header promised were written.
   */
  async close(): Promise<void> {
    await this.handle.close();
    if (this.written !== this.expectedBytes) {
      await rm(this.tempPath, { force: true });
      // The caller planned the shape it writes: a mismatch is our bug, not the input.
      throw new InvariantError(`npy writer: wrote ${this.written} data bytes to ${this.filePath}, header promised ${this.expectedBytes}`, {
        file: this.filePath,
        written: this.written,
        expected: this.expectedBytes,
      });
    }
    await rename(this.tempPath, this.filePath);
  }
}

/** Writes a whole array as `.npy`. */
export async function writeNpy(
  filePath: string,
  dtype: NpyDtype,
  shape: number[],
  data: Int16Array | Float64Array | BigInt64Array,
): Promise<void> {
  const w = await NpyWriter.create(filePath, dtype, shape);
  await w.append(data);
  await w.close();
}

/** A parsed `.npy` array. */
export interface NpyArray {
  dtype: string;
  shape: number[];
  data: Int16Array | Float64Array | BigInt64Array;
}

/** Reads a little-endian, C-order `.npy` file of int16, int64 or float64. */
export async function readNpy(filePath: string): Promise<NpyArray> {
  const buf = await readFile(filePath);
  const major = buf[6];
  const headerLen = major === 1 ? buf.readUInt16LE(8) : buf.readUInt32LE(8);
  const start = major === 1 ? 10 : 12;
  const header = buf.toString('latin1', start, start + headerLen);
  const descr = /'descr':\s*'([^']+)'/.exec(header)?.[1] ?? '';
  const fortran = /'fortran_order':\s*True/.test(header);
  const shapeStr = /'shape':\s*\(([^)]*)\)/.exec(header)?.[1] ?? '';
  const shape = shapeStr
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .map(Number);
  if (fortran) throw preprocessingErrors.npyUnsupported(filePath, 'Fortran-order .npy is not supported');
  const body = buf.subarray(start + headerLen);
  const copy = body.buffer.slice(body.byteOffset, body.byteOffset + body.byteLength);
  let data: NpyArray['data'];
  if (descr === '<i2') data = new Int16Array(copy);
  else if (descr === '<f8') data = new Float64Array(copy);
  else if (descr === '<i8') data = new BigInt64Array(copy);
  else throw preprocessingErrors.npyUnsupported(filePath, `unsupported dtype ${descr}`);
  return { dtype: descr, shape, data };
}
