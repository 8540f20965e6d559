import { deflate } from 'pako';
import { dataJointErrors } from '../dataJointErrors';
import { PyComplex, PyDatetime, PyDecimal, PyDict, PySet, PyTuple, PyUuid, isNdArray, type BlobValue, type NdArray } from './BlobValue';
import { allocateNumeric, classIdByDtype, numericBytes, reorder } from './dtypes';
import { uuidToBinary } from '../uuid/uuidBinary';

/** Options of {@link encodeBlob}. */
export interface EncodeBlobOptions {
  /**
   * Compress blobs over 1000 bytes with zlib when that makes them smaller, as DataJoint does
   * for every blob attribute it inserts (`blob.pack(obj, compress=True)`).
   * @default true
   */
  compress?: boolean;
}

const textEncoder = new TextEncoder();

/**
 * Encodes a value as DataJoint 0.14 packs it (`Blob.pack` in datajoint-python's `blob.py`): the
 * `mYm\0` protocol when the value is a MATLAB-compatible numeric array with ndim ≥ 1, else
 * `dj0\0`; then, with compression, `ZL123\0` + uint64 length + a zlib stream when that is
 * smaller. The zlib stream is produced by pako, a port of the zlib deflate CPython links, so the
 * compressed bytes equal DataJoint's (Node's own zlib is a fork whose output differs).
 *
 * @throws RecomputeError `BLOB_UNSUPPORTED` for integers wider than 65535 bytes.
 */
export function encodeBlob(value: BlobValue, options: EncodeBlobOptions = {}): Uint8Array {
  const { compress = true } = options;
  const writer = new BlobWriter();
  writer.writeValue(value);
  const body = writer.finish();
  const protocol = textEncoder.encode(writer.pythonNative ? 'dj0\0' : 'mYm\0');
  const blob = concat([protocol, body]);
  if (!compress || blob.length <= 1000) return blob;
  const compressed = concat([textEncoder.encode('ZL123\0'), u64(blob.length), deflate(blob)]);
  return compressed.length < blob.length ? compressed : blob;
}

/** Accumulates serialized parts; notes whether anything needs the `dj0` protocol. */
class BlobWriter {
  private readonly parts: Uint8Array[] = [];
  pythonNative = false;

  finish(): Uint8Array {
    return concat(this.parts);
  }

  writeValue(value: BlobValue): void {
    if (isNdArray(value)) return this.writeArray(value);
    if (value instanceof PyTuple) return this.writeItems(0x01, value.items);
    if (value instanceof PySet) return this.writeItems(0x03, value.items);
    if (value instanceof PyDict) return this.writeDict(value);
    // Every other value exists only in the Python-native protocol.
    this.pythonNative = true;
    if (value instanceof PyComplex) return this.push(Uint8Array.of(0x0c), f64(value.real), f64(value.imag));
    if (value instanceof PyDecimal) return this.writeText(0x64, value.text);
    if (value instanceof PyUuid) return this.push(Uint8Array.of(0x75), uuidToBinary(value.value));
    if (value instanceof PyDatetime) {
      const bytes = new Uint8Array(12);
      const view = new DataView(bytes.buffer);
      view.setInt32(0, value.date, true);
      view.setBigInt64(4, value.time, true);
      return this.push(Uint8Array.of(0x74), bytes);
    }
    if (value === null) return this.push(Uint8Array.of(0xff));
    if (typeof value === 'boolean') return this.push(Uint8Array.of(0x0b, value ? 1 : 0));
    if (typeof value === 'bigint') return this.writeInt(value);
    if (typeof value === 'number') return this.push(Uint8Array.of(0x0d), f64(value));
    if (typeof value === 'string') return this.writeText(0x05, value);
    if (value instanceof Uint8Array) return this.push(Uint8Array.of(0x06), u64(value.length), value);
    return this.writeItems(0x02, value);
  }

  private writeItems(code: number, items: readonly BlobValue[]): void {
    this.pythonNative = true;
    this.push(Uint8Array.of(code), u64(items.length));
    for (const item of items) this.writeNested(item);
  }

  private writeDict(dict: PyDict): void {
    this.pythonNative = true;
    this.push(Uint8Array.of(0x04), u64(dict.entries.length));
    for (const [key, entryValue] of dict.entries) {
      this.writeNested(key);
      this.writeNested(entryValue);
    }
  }

  /** A value inside a container: uint64 length, then the value. */
  private writeNested(value: BlobValue): void {
    const nested = new BlobWriter();
    nested.writeValue(value);
    const bytes = nested.finish();
    if (nested.pythonNative) this.pythonNative = true;
    this.push(u64(bytes.length), bytes);
  }

  private writeText(code: number, text: string): void {
    const bytes = textEncoder.encode(text);
    this.push(Uint8Array.of(code), u64(bytes.length), bytes);
  }

  /** Python's `int`: n = bit_length // 8 + 1 bytes, signed little-endian, after a uint16 n. */
  private writeInt(value: bigint): void {
    const magnitude = value < 0n ? -value : value;
    const size = magnitude.toString(2).length - (magnitude === 0n ? 1 : 0);
    const byteCount = Math.floor(size / 8) + 1;
    if (byteCount > 0xffff) throw dataJointErrors.blobUnsupported('an integer wider than 65535 bytes');
    const bytes = new Uint8Array(2 + byteCount);
    new DataView(bytes.buffer).setUint16(0, byteCount, true);
    let remaining = BigInt.asUintN(8 * byteCount, value);
    for (let index = 0; index < byteCount; index++) {
      bytes[2 + index] = Number(remaining & 0xffn);
      remaining >>= 8n;
    }
    this.push(Uint8Array.of(0x0a), bytes);
  }

  private writeArray(array: NdArray): void {
    const count = array.shape.reduce((product, size) => product * size, 1);
    const header = new Uint8Array(8 + 8 * array.shape.length + 8);
    const view = new DataView(header.buffer);
    view.setBigUint64(0, BigInt(array.shape.length), true);
    array.shape.forEach((size, axis) => view.setBigUint64(8 + 8 * axis, BigInt(size), true));
    const tail = 8 + 8 * array.shape.length;
    view.setUint32(tail, classIdByDtype.get(array.dtype)!, true);
    view.setUint32(tail + 4, array.dtype !== 'object' && array.imag !== undefined ? 1 : 0, true);
    this.push(Uint8Array.of(0x41), header);
    if (array.dtype === 'object') {
      this.pythonNative = true; // not supported by MATLAB's mYm
      for (const element of reorder(array.data, array.shape, true, new Array<BlobValue>(count))) this.writeNested(element);
      return;
    }
    if (array.shape.length === 0) this.pythonNative = true; // numpy scalars: mYm has no ndim 0
    this.push(numericBytes(reorder(array.data, array.shape, true, allocateNumeric(array.dtype, count))));
    if (array.imag !== undefined) {
      this.push(numericBytes(reorder(array.imag, array.shape, true, allocateNumeric(array.dtype, count))));
    }
  }

  private push(...parts: Uint8Array[]): void {
    this.parts.push(...parts);
  }
}

function u64(value: number): Uint8Array {
  const bytes = new Uint8Array(8);
  new DataView(bytes.buffer).setBigUint64(0, BigInt(value), true);
  return bytes;
}

function f64(value: number): Uint8Array {
  const bytes = new Uint8Array(8);
  new DataView(bytes.buffer).setFloat64(0, value, true);
  return bytes;
}

function concat(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((total, part) => total + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}
