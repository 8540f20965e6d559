import { createHash, type Hash } from 'node:crypto';
import type { H5Metadata, H5Reader, RawData } from '../h5/H5Reader';
import { Md5Offload } from './Md5Offload';
import { hashErrors } from './hashErrors';
import { BIG_ENDIAN_ENUM_REASON, holdsBigEndianEnum, numpyDtype, pythonShape, type NumpyDtype } from './numpyDtype';
import { FloatRounder } from './FloatRounder';
import { compoundScalarText, ndarrayText, UnprintableValue } from './numpyValueText';
import { decodeUtf8Replace, fixedStringItem, numpyElementTexts, numpyScalarText, referenceTexts } from './scalarText';
import { unicodeWidth, utf32Pack } from './utf32Pack';

/** Options of {@link datasetDigest}. */
export interface DatasetDigestOptions {
  /** Rows per batch for string data (changes the digest, as in Spyglass). */
  batchSize: number;
  /** Decimals to round float data to; 0/undefined = no rounding. */
  precision: number | undefined;
  /** Bytes per read for numeric data (does not change the digest). */
  numericReadBytes: number;
  /** Object path relative to the root, for error messages. */
  relPath: string;
  /**
   * Supplies an md5 worker for large numeric datasets (reading and hashing overlap);
   * undefined, or returning undefined, hashes in this thread.
   */
  offload?: () => Md5Offload | undefined;
  /** Rounds float data in this thread (one per thread; created here when not given). */
  rounder?: FloatRounder;
}

/** Numeric datasets at least this large are hashed on the md5 worker when one is available. */
export const STREAM_MIN_BYTES = 16 * 1024 * 1024;

/**
 * Spyglass `hash_dataset` (current mode): md5 of `str(shape) + str(dtype)` followed by the
 * content, read in row batches. Returns the hex digest.
 */
export function datasetDigest(reader: H5Reader, path: string, meta: H5Metadata, options: DatasetDigestOptions): string {
  const dtype = numpyDtype(meta);
  const fail = (why: string, reference: string): never => {
    throw hashErrors.unsupportedObject(reader.filePath, options.relPath, why, reference);
  };
  if (dtype.kind === 'unsupported') fail(`unsupported datatype: ${dtype.reason}`, 'TypeError');
  if (holdsBigEndianEnum(meta)) throw hashErrors.valuesUnreadable(reader.filePath, options.relPath, BIG_ENDIAN_ENUM_REASON);
  if (meta.shape === null) fail('null dataspace (h5py.Empty) dataset has no shape to batch over', 'TypeError');
  const shape = meta.shape as number[];
  const d = createHash('md5');
  d.update(pythonShape(shape) + dtype.name);

  if (shape.length === 0) {
    d.update(scalarDatasetText(reader, path, meta, dtype, fail));
    return d.digest('hex');
  }
  const rows = shape[0];
  if (rows === 0) return d.digest('hex');
  const rowElems = shape.slice(1).reduce((a, b) => a * b, 1);
  if (dtype.kind === 'compound') fail(`compound dataset ${dtype.name} cannot be cast to str`, 'TypeError');
  // Spyglass feeds numeric batches through `memoryview(batch).cast("B")`, which refuses a
  // batch with a zero in its shape, e.g. every batch of a (4, 0) dataset. Object batches (vlen
  // strings, references) go the same way: its string normalisation rebuilds an object array as
  // `np.array([...]).reshape(shape)`, which for an empty batch is float64.
  const castAsNumbers =
    dtype.numeric || dtype.kind === 'vlenstr' || dtype.kind === 'ref' || (dtype.kind === 'array' && dtype.base?.numeric === true);
  if (castAsNumbers && shape.includes(0))
    fail(`memoryview: cannot cast view with zeros in shape or strides (shape ${pythonShape(shape)})`, 'TypeError');

  if (dtype.kind === 'array' && dtype.base?.numeric) {
    // h5py reads ARRAY elements as trailing axes of a plain numeric array: raw bytes, but
    // the dataset dtype is not np.number, so never rounded.
    hashNumeric(reader, path, meta, dtype, rows, rowElems, { ...options, precision: undefined }, d);
    return d.digest('hex');
  }
  if (dtype.numeric) {
    const offloaded = offloadNumeric(reader, path, meta, dtype, rows, rowElems, options, pythonShape(shape) + dtype.name);
    if (offloaded !== undefined) return offloaded;
    hashNumeric(reader, path, meta, dtype, rows, rowElems, options, d);
    return d.digest('hex');
  }
  // Each batch of `batchSize` rows is packed on its own (its string width is the batch's
  // longest), but read in blocks of whole batches: one HDF5 read per batch re-reads and
  // re-inflates the same chunk for every few rows when batches are small (batch size 7 hashed
  // a 0.9 MB file in 1.3 s, 20 times the default's time).
  const { batchSize } = options;
  const blockRows = batchSize * Math.max(1, Math.floor(STRING_READ_ELEMENTS / (batchSize * rowElems)));
  for (let start = 0; start < rows; start += blockRows) {
    const count = Math.min(blockRows, rows - start);
    reader.readRows(path, meta, start, count, (raw) => {
      for (let offset = 0; offset < count; offset += batchSize) {
        const batchRows = Math.min(batchSize, count - offset);
        d.update(batchUtf32(sliceRows(raw, count, offset, batchRows), dtype, batchRows * rowElems, fail));
      }
    });
  }
  return d.digest('hex');
}

/**
 * Elements per HDF5 read of non-numeric data when batches are smaller (a whole number of
 * batches is read at once); batches at least this large are read one at a time, as before.
 */
export const STRING_READ_ELEMENTS = 4096;

/** Rows `[first, first + n)` of a read of `count` rows (byte strings or raw bytes, the same share per row). */
function sliceRows(raw: RawData, count: number, first: number, n: number): RawData {
  if (raw.strings !== undefined) {
    const perRow = raw.strings.length / count;
    return { strings: raw.strings.slice(first * perRow, (first + n) * perRow) };
  }
  const perRow = raw.bytes.length / count;
  return { bytes: raw.bytes.subarray(first * perRow, (first + n) * perRow) };
}

/** Large numeric datasets: read here, round + md5 on the worker. Undefined when not offloaded. */
function offloadNumeric(
  reader: H5Reader,
  path: string,
  meta: H5Metadata,
  dtype: NumpyDtype,
  rows: number,
  rowElems: number,
  options: DatasetDigestOptions,
  prefix: string,
): string | undefined {
  const rowBytes = rowElems * dtype.itemsize;
  if (rowBytes === 0 || rowBytes > Md5Offload.slotBytes || rows * rowBytes < STREAM_MIN_BYTES) return undefined;
  const offload = options.offload?.();
  if (offload === undefined) return undefined;
  const round = roundingItemsize(dtype) && options.precision ? options.precision : 0;
  const batch = Math.floor(Math.min(Md5Offload.slotBytes, options.numericReadBytes) / rowBytes) || 1;
  return offload.digest(prefix, round, roundingItemsize(dtype) || dtype.itemsize, (emit) => {
    for (let start = 0; start < rows; start += batch) {
      const count = Math.min(batch, rows - start);
      reader.readRows(path, meta, start, count, (raw) => emit(raw.bytes as Uint8Array));
    }
  });
}

/**
 * Size of the floats `np.round` works on: the float itself, or each half of a complex
 * (real and imaginary parts are rounded separately); 0 when the data is not rounded.
 */
function roundingItemsize(dtype: NumpyDtype): number {
  if (dtype.kind === 'float') return dtype.itemsize;
  if (dtype.kind === 'complex') return dtype.itemsize / 2;
  return 0;
}

function hashNumeric(
  reader: H5Reader,
  path: string,
  meta: H5Metadata,
  dtype: NumpyDtype,
  rows: number,
  rowElems: number,
  options: DatasetDigestOptions,
  d: Hash,
): void {
  const rowBytes = Math.max(rowElems * dtype.itemsize, 1);
  const batch = Math.max(1, Math.floor(options.numericReadBytes / rowBytes));
  const componentSize = roundingItemsize(dtype);
  const rounding =
    componentSize && options.precision ? { decimals: options.precision, rounder: options.rounder ?? FloatRounder.create() } : undefined;
  for (let start = 0; start < rows; start += batch) {
    const count = Math.min(batch, rows - start);
    reader.readRows(path, meta, start, count, (raw) => {
      const bytes = raw.bytes as Uint8Array;
      // The batch is this call's own copy of the rows: rounded in place.
      rounding?.rounder.roundInPlace(bytes, componentSize as 2 | 4 | 8, rounding.decimals);
      d.update(bytes);
    });
  }
}

function batchUtf32(raw: RawData, dtype: NumpyDtype, n: number, fail: (why: string, ref: string) => never): Uint8Array {
  switch (dtype.kind) {
    case 'vlenstr': {
      const texts = (raw.strings as Uint8Array[]).map(decodeUtf8Replace);
      return utf32Pack(texts, unicodeWidth(texts));
    }
    case 'bytes': {
      const bytes = raw.bytes as Uint8Array;
      const texts: string[] = [];
      for (let i = 0; i < n; i += 1) {
        const item = fixedStringItem(bytes.subarray(i * dtype.itemsize, (i + 1) * dtype.itemsize), dtype.strpad);
        if (item.some((b) => b >= 0x80)) fail(`fixed-length ${dtype.name} data holds non-ASCII bytes`, 'UnicodeDecodeError');
        texts.push(String.fromCharCode(...item));
      }
      return utf32Pack(texts, dtype.itemsize);
    }
    case 'bool':
      return utf32Pack(numpyElementTexts(raw.bytes as Uint8Array, dtype), 5);
    case 'ref': {
      const texts = referenceTexts(raw.bytes as Uint8Array, dtype.itemsize, dtype.refType);
      return utf32Pack(texts, unicodeWidth(texts));
    }
    case 'array': {
      const base = dtype.base as NumpyDtype;
      const perItem = (dtype.subshape as number[]).reduce((a, b) => a * b, 1);
      return batchUtf32(raw, base, n * perItem, fail);
    }
    default:
      return fail(`cannot serialise ${dtype.name} data`, 'TypeError');
  }
}

function scalarDatasetText(
  reader: H5Reader,
  path: string,
  meta: H5Metadata,
  dtype: NumpyDtype,
  fail: (why: string, ref: string) => never,
): string {
  return reader.readRows(path, meta, 0, 1, (raw) => {
    switch (dtype.kind) {
      case 'vlenstr':
        return decodeUtf8Replace((raw.strings as Uint8Array[])[0]);
      case 'bytes':
        return decodeUtf8Replace(fixedStringItem(raw.bytes as Uint8Array, dtype.strpad));
      case 'ref':
        return referenceTexts(raw.bytes as Uint8Array, dtype.itemsize, dtype.refType)[0];
      case 'compound':
      case 'array':
        try {
          const bytes = raw.bytes as Uint8Array;
          return dtype.kind === 'compound'
            ? compoundScalarText(bytes, 0, meta, (pointer) => reader.heapString(pointer))
            : ndarrayText(bytes, 0, dtype.base as NumpyDtype, dtype.subshape as number[]);
        } catch (error) {
          if (error instanceof UnprintableValue) return fail(`scalar ${dtype.name}: ${error.message}`, 'TypeError');
          throw error;
        }
      default: {
        const bytes = raw.bytes as Uint8Array;
        return numpyScalarText(new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength), 0, dtype);
      }
    }
  });
}
