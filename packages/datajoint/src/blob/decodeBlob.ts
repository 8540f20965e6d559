import { inflate } from 'pako';
import { dataJointErrors } from '../dataJointErrors';
import { PyComplex, PyDatetime, PyDecimal, PyDict, PySet, PyTuple, PyUuid, type BlobValue, type NdArray } from './BlobValue';
import { allocateNumeric, dtypeByClassId, itemSize, readNumeric, reorder } from './dtypes';
import { formatUuid } from '../uuid/uuidBinary';

const COMPRESSED_PREFIX = 'ZL123\0';
const textDecoder = new TextDecoder('utf-8', { fatal: true });

/**
 * Decodes a DataJoint 0.14 blob (what a `blob`/`longblob` column holds): an optional
 * `ZL123\0` + uint64 length + zlib stream, then `mYm\0` (MATLAB-compatible arrays) or `dj0\0`
 * (Python-native values), then one serialized value. The reference is `Blob.unpack` in
 * datajoint-python's `blob.py` (fetched without squeezing, as DataJoint fetches by default).
 *
 * @throws RecomputeError `BLOB_INVALID` for bytes that are not such a blob, `BLOB_UNSUPPORTED`
 *   for MATLAB cells/structs, char, sparse and datetime64 arrays.
 */
export function decodeBlob(blob: Uint8Array): BlobValue {
  let bytes = blob;
  if (startsWith(bytes, COMPRESSED_PREFIX)) {
    if (bytes.length < 14) throw dataJointErrors.blobInvalid('truncated ZL123 header', { length: bytes.length });
    const expected = new DataView(bytes.buffer, bytes.byteOffset + 6, 8).getBigUint64(0, true);
    try {
      bytes = inflate(bytes.subarray(14));
    } catch (cause) {
      throw dataJointErrors.blobInvalid(`its zlib stream does not inflate (${String(cause)})`);
    }
    if (BigInt(bytes.length) !== expected) {
      throw dataJointErrors.blobInvalid(`it inflates to ${bytes.length} bytes, its header says ${expected}`);
    }
  }
  if (!startsWith(bytes, 'mYm\0') && !startsWith(bytes, 'dj0\0')) {
    throw dataJointErrors.blobInvalid('it starts with neither mYm\\0, dj0\\0 nor ZL123\\0', {
      prefix: Buffer.from(bytes.subarray(0, 6)).toString('hex'),
    });
  }
  const reader = new BlobReader(bytes, 4);
  const value = reader.readValue(bytes.length - 4);
  return value;
}

function startsWith(bytes: Uint8Array, prefix: string): boolean {
  if (bytes.length < prefix.length) return false;
  for (let index = 0; index < prefix.length; index++) if (bytes[index] !== prefix.charCodeAt(index)) return false;
  return true;
}

/** A cursor over decompressed blob bytes; each read checks that the bytes are there. */
class BlobReader {
  private readonly view: DataView;

  constructor(
    private readonly bytes: Uint8Array,
    private position: number,
  ) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  /** One serialized value; with `length`, checks that it spans exactly that many bytes. */
  readValue(length?: number): BlobValue {
    const start = this.position;
    const code = this.u8();
    const value = this.readBody(code);
    if (length !== undefined && this.position - start !== length) {
      throw dataJointErrors.blobInvalid(`a value at byte ${start} spans ${this.position - start} bytes, its length says ${length}`);
    }
    return value;
  }

  private readBody(code: number): BlobValue {
    switch (code) {
      case 0x41: // 'A'
        return this.readArray();
      case 0xff:
        return null;
      case 0x01:
        return new PyTuple(this.readItems());
      case 0x02:
        return this.readItems();
      case 0x03:
        return new PySet(this.readItems());
      case 0x04: {
        const count = this.length();
        const entries: Array<[BlobValue, BlobValue]> = [];
        for (let index = 0; index < count; index++) {
          const key = this.readValue(this.length());
          entries.push([key, this.readValue(this.length())]);
        }
        return new PyDict(entries);
      }
      case 0x05:
        return this.text(this.length());
      case 0x06:
        return this.take(this.length()).slice();
      case 0x0a:
        return this.readInt();
      case 0x0b:
        return this.u8() !== 0;
      case 0x0c: {
        const real = this.f64();
        return new PyComplex(real, this.f64());
      }
      case 0x0d:
        return this.f64();
      case 0x64: // 'd'
        return new PyDecimal(this.text(this.length()));
      case 0x74: {
        // 't'
        const date = this.need(4).getInt32(this.position - 4, true);
        const time = this.need(8).getBigInt64(this.position - 8, true);
        return new PyDatetime(date, time);
      }
      case 0x75: // 'u'
        return new PyUuid(formatUuid(this.take(16)));
      case 0x50: // 'P'
        throw dataJointErrors.blobUnsupported('a MATLAB sparse array');
      case 0x53: // 'S'
        throw dataJointErrors.blobUnsupported('a MATLAB struct array');
      case 0x43: // 'C'
        throw dataJointErrors.blobUnsupported('a MATLAB cell array');
      case 0x46: // 'F'
        throw dataJointErrors.blobUnsupported('a numpy record array');
      default:
        throw dataJointErrors.blobInvalid(
          `unknown data structure code 0x${code.toString(16).padStart(2, '0')} at byte ${this.position - 1}`,
        );
    }
  }

  private readItems(): BlobValue[] {
    const count = this.length();
    const items: BlobValue[] = [];
    for (let index = 0; index < count; index++) items.push(this.readValue(this.length()));
    return items;
  }

  private readInt(): bigint {
    const size = this.need(2).getUint16(this.position - 2, true);
    const digits = this.take(size);
    let value = 0n;
    for (let index = size - 1; index >= 0; index--) value = (value << 8n) | BigInt(digits[index]!);
    // Two's complement, little-endian, `size` bytes (Python's int.to_bytes(..., signed=True)).
    if (size > 0 && digits[size - 1]! >= 0x80) value -= 1n << BigInt(8 * size);
    return value;
  }

  private readArray(): NdArray {
    const ndim = this.length();
    const shape: number[] = [];
    for (let axis = 0; axis < ndim; axis++) shape.push(this.length());
    const count = shape.reduce((product, size) => product * size, 1);
    const classId = this.need(4).getUint32(this.position - 4, true);
    const isComplex = this.need(4).getUint32(this.position - 4, true) !== 0;
    const dtype = dtypeByClassId.get(classId);
    if (dtype === undefined) {
      throw classId === 4
        ? dataJointErrors.blobUnsupported('a MATLAB char array')
        : dataJointErrors.blobUnsupported(`an array of mxClassID ${classId} (datetime64 or unknown)`, { classId });
    }
    if (dtype === 'object') {
      const fortran: BlobValue[] = [];
      for (let index = 0; index < count; index++) fortran.push(this.readValue(this.length()));
      return { kind: 'ndarray', dtype, shape, data: reorder(fortran, shape, false, new Array<BlobValue>(count)) };
    }
    const real = this.readNumericBlock(dtype, count, shape);
    if (!isComplex) return { kind: 'ndarray', dtype, shape, data: real };
    return { kind: 'ndarray', dtype, shape, data: real, imag: this.readNumericBlock(dtype, count, shape) };
  }

  private readNumericBlock(dtype: Exclude<NdArray['dtype'], 'object'>, count: number, shape: number[]) {
    const size = count * itemSize[dtype];
    this.need(size);
    const fortran = readNumeric(this.bytes, this.position - size, dtype, count);
    return reorder(fortran, shape, false, allocateNumeric(dtype, count));
  }

  private u8(): number {
    return this.need(1).getUint8(this.position - 1);
  }

  private f64(): number {
    return this.need(8).getFloat64(this.position - 8, true);
  }

  /** A uint64 length or count, which must fit a JS array. */
  private length(): number {
    const value = this.need(8).getBigUint64(this.position - 8, true);
    if (value > BigInt(this.bytes.length)) {
      throw dataJointErrors.blobInvalid(`a length of ${value} at byte ${this.position - 8} exceeds the blob's ${this.bytes.length} bytes`);
    }
    return Number(value);
  }

  private text(size: number): string {
    try {
      return textDecoder.decode(this.take(size));
    } catch (cause) {
      throw dataJointErrors.blobInvalid(`a string at byte ${this.position - size} is not UTF-8 (${String(cause)})`);
    }
  }

  private take(size: number): Uint8Array {
    this.need(size);
    return this.bytes.subarray(this.position - size, this.position);
  }

  /** Advances past `size` bytes after checking they exist; returns the view for reading them. */
  private need(size: number): DataView {
    if (this.position + size > this.bytes.length) {
      throw dataJointErrors.blobInvalid(`it ends at byte ${this.bytes.length}, a value needs ${size} bytes at byte ${this.position}`);
    }
    this.position += size;
    return this.view;
  }
}
