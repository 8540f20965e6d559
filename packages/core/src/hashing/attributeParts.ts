import type { H5Reader } from '../h5/H5Reader';
import { unsupportedObjectError } from './hashErrors';
import { numpyDtype, pythonShape, type NumpyDtype } from './numpyDtype';
import {
  decodeUtf8Replace,
  legacyUnicodeWidth,
  numpyElementTexts,
  numpyScalarText,
  pythonBytesRepr,
  referenceRepr,
  stripTrailingNuls,
} from './scalarText';
import { unicodeWidth, utf32Pack } from './utf32Pack';

/** The two byte strings an attribute contributes around its name: `shape_dtype(v)` and `serialize(v)`. */
export interface AttributeParts {
  shapeDtype: string;
  value: string | Uint8Array;
}

/** `astype(str)` of fixed-length `S` items: ASCII-decoded, width = itemsize (or a decode error). */
function fixedBytesUtf32(bytes: Uint8Array, itemsize: number, onNonAscii: () => never): Uint8Array {
  const n = bytes.length / itemsize;
  const texts: string[] = [];
  for (let i = 0; i < n; i += 1) {
    const item = stripTrailingNuls(bytes.subarray(i * itemsize, (i + 1) * itemsize));
    if (item.some((b) => b >= 0x80)) onNonAscii();
    texts.push(String.fromCharCode(...item));
  }
  return utf32Pack(texts, itemsize);
}

/**
 * What one attribute feeds to md5, reproducing h5py 3.7's value types and Spyglass's
 * normalisation (skipped in legacy mode).
 */
export function attributeParts(reader: H5Reader, objPath: string, name: string, legacy: boolean, relPath: string): AttributeParts {
  const meta = reader.attributeMeta(objPath, name);
  const dtype = numpyDtype(meta);
  const fail = (why: string, reference: string): never => {
    throw unsupportedObjectError(reader.filePath, relPath, `attribute '${name}': ${why}`, reference);
  };
  if (dtype.kind === 'unsupported' || dtype.kind === 'compound') fail(`unsupported attribute type ${dtype.reason ?? dtype.name}`, 'TypeError');

  if (meta.shape === null) {
    // h5py.Empty: shape None, repr names the dtype.
    return { shapeDtype: `None${dtype.name}`, value: `Empty(dtype=dtype('${dtype.str}'))` };
  }
  const shape = meta.shape;
  const raw = reader.readAttribute(objPath, name, meta);

  if (shape.length === 0) return scalarParts(dtype, raw, legacy);
  return arrayParts(dtype, shape, raw, legacy, fail);
}

function scalarParts(dtype: NumpyDtype, raw: ReturnType<H5Reader['readAttribute']>, legacy: boolean): AttributeParts {
  switch (dtype.kind) {
    case 'vlenstr':
      // h5py returns `str` for scalar vlen string attributes: no shape, text as is.
      return { shapeDtype: '', value: decodeUtf8Replace((raw.strings as Uint8Array[])[0]) };
    case 'bytes': {
      const bytes = stripTrailingNuls(raw.bytes as Uint8Array);
      // np.bytes_: legacy hashes its repr and dtype; current mode decodes it to `str`.
      if (legacy) return { shapeDtype: `()${dtype.name}`, value: pythonBytesRepr(bytes) };
      return { shapeDtype: '', value: decodeUtf8Replace(bytes) };
    }
    case 'ref':
      return { shapeDtype: '', value: referenceRepr(dtype.refType) };
    default: {
      const bytes = raw.bytes as Uint8Array;
      const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
      return { shapeDtype: `()${dtype.name}`, value: numpyScalarText(view, 0, dtype) };
    }
  }
}

function arrayParts(
  dtype: NumpyDtype,
  shape: number[],
  raw: ReturnType<H5Reader['readAttribute']>,
  legacy: boolean,
  fail: (why: string, reference: string) => never,
): AttributeParts {
  const shapeText = pythonShape(shape);
  switch (dtype.kind) {
    case 'vlenstr': {
      const texts = (raw.strings as Uint8Array[]).map(decodeUtf8Replace);
      if (legacy) {
        return { shapeDtype: `${shapeText}object`, value: texts.length === 0 ? '' : utf32Pack(texts, unicodeWidth(texts)) };
      }
      // An empty object array becomes np.array([]) → float64 (0,).
      if (texts.length === 0) return { shapeDtype: '(0,)float64', value: '' };
      const width = unicodeWidth(texts);
      return { shapeDtype: `${shapeText}<U${width}`, value: utf32Pack(texts, width) };
    }
    case 'ref': {
      const n = shape.reduce((a, b) => a * b, 1);
      const texts = new Array<string>(n).fill(referenceRepr(dtype.refType));
      return { shapeDtype: `${shapeText}object`, value: n === 0 ? '' : utf32Pack(texts, unicodeWidth(texts)) };
    }
    case 'bytes':
      return {
        shapeDtype: `${shapeText}${dtype.name}`,
        value: fixedBytesUtf32(raw.bytes as Uint8Array, dtype.itemsize, () => fail('fixed-length bytes hold non-ASCII data', 'UnicodeDecodeError')),
      };
    case 'bool': {
      const texts = numpyElementTexts(raw.bytes as Uint8Array, dtype);
      return { shapeDtype: `${shapeText}bool`, value: utf32Pack(texts, 5) };
    }
    default: {
      const bytes = raw.bytes as Uint8Array;
      if (!legacy) return { shapeDtype: `${shapeText}${dtype.name}`, value: bytes };
      return { shapeDtype: `${shapeText}${dtype.name}`, value: utf32Pack(numpyElementTexts(bytes, dtype), legacyUnicodeWidth(dtype)) };
    }
  }
}
