import type { H5Metadata, H5Reader } from '../h5/H5Reader';
import { hashErrors } from './hashErrors';
import {
  BIG_ENDIAN_ENUM_REASON,
  emptyDtypeRepr,
  holdsBigEndianEnum,
  nativeScalarName,
  numpyDtype,
  pythonShape,
  type NumpyDtype,
} from './numpyDtype';
import { compoundScalarText, UnprintableValue } from './numpyValueText';
import {
  decodeUtf8Replace,
  decodeUtf8SurrogateEscape,
  fixedStringItem,
  hasLoneSurrogate,
  legacyUnicodeWidth,
  numpyElementTexts,
  numpyScalarText,
  pythonBytesRepr,
  referenceTexts,
} from './scalarText';
import { unicodeWidth, utf32Pack } from './utf32Pack';

/** The two byte strings an attribute contributes around its name: `shape_dtype(v)` and `serialize(v)`. */
export interface AttributeParts {
  shapeDtype: string;
  value: string | Uint8Array;
}

/** `astype(str)` of fixed-length `S` items: ASCII-decoded, width = itemsize (or a decode error). */
function fixedBytesUtf32(bytes: Uint8Array, itemsize: number, strpad: number | undefined, onNonAscii: () => never): Uint8Array {
  const n = bytes.length / itemsize;
  const texts: string[] = [];
  for (let i = 0; i < n; i += 1) {
    const item = fixedStringItem(bytes.subarray(i * itemsize, (i + 1) * itemsize), strpad);
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
    throw hashErrors.unsupportedObject(reader.filePath, relPath, `attribute '${name}': ${why}`, reference);
  };
  if (dtype.kind === 'unsupported') fail(dtype.reason ?? 'unsupported attribute type', 'TypeError');
  if (holdsBigEndianEnum(meta))
    throw hashErrors.valuesUnreadable(reader.filePath, relPath, `attribute '${name}': ${BIG_ENDIAN_ENUM_REASON}`);

  if (meta.shape === null) {
    // h5py.Empty: shape None, repr names the dtype.
    return { shapeDtype: `None${dtype.name}`, value: `Empty(dtype=${emptyDtypeRepr(dtype)})` };
  }
  const shape = meta.shape;
  // A non-scalar compound raises in `value.astype(str)`; a scalar one is an np.void.
  if (dtype.kind === 'compound' && shape.length > 0) fail(`cannot cast dtype ${dtype.name} to str`, 'TypeError');
  const raw = reader.readAttribute(objPath, name, meta);

  if (dtype.kind === 'array') {
    // h5py reads ARRAY elements as trailing axes of a plain array of the element type.
    return arrayParts(dtype.base as NumpyDtype, [...shape, ...(dtype.subshape as number[])], raw, legacy, fail);
  }
  if (shape.length === 0) return scalarParts(dtype, raw, legacy, fail, meta);
  return arrayParts(dtype, shape, raw, legacy, fail);
}

function scalarParts(
  dtype: NumpyDtype,
  raw: ReturnType<H5Reader['readAttribute']>,
  legacy: boolean,
  fail: (why: string, reference: string) => never,
  meta: H5Metadata,
): AttributeParts {
  switch (dtype.kind) {
    case 'compound':
      try {
        return { shapeDtype: `()${dtype.name}`, value: compoundScalarText(raw.bytes as Uint8Array, 0, meta) };
      } catch (error) {
        if (error instanceof UnprintableValue) return fail(`scalar ${dtype.name}: ${error.message}`, 'TypeError');
        throw error;
      }
    case 'vlenstr': {
      // h5py returns `str` for scalar vlen string attributes (undecodable bytes escaped as
      // lone surrogates, which `str(v).encode()` then refuses): no shape, text as is.
      const text = decodeUtf8SurrogateEscape((raw.strings as Uint8Array[])[0]);
      if (hasLoneSurrogate(text))
        fail("'utf-8' codec can't encode a surrogate: the string holds bytes that are not UTF-8", 'UnicodeEncodeError');
      return { shapeDtype: '', value: text };
    }
    case 'bytes': {
      const bytes = fixedStringItem(raw.bytes as Uint8Array, dtype.strpad);
      // np.bytes_ (its dtype shrinks to the stripped length): legacy hashes its repr and
      // dtype; current mode decodes it to `str`.
      if (legacy) return { shapeDtype: `()|S${bytes.length}`, value: pythonBytesRepr(bytes) };
      return { shapeDtype: '', value: decodeUtf8Replace(bytes) };
    }
    case 'ref':
      return { shapeDtype: '', value: referenceTexts(raw.bytes as Uint8Array, dtype.itemsize, dtype.refType)[0] };
    default: {
      const bytes = raw.bytes as Uint8Array;
      const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
      return { shapeDtype: `()${nativeScalarName(dtype)}`, value: numpyScalarText(view, 0, dtype) };
    }
  }
}

/**
 * Spyglass serialises numeric arrays with `memoryview(arr).cast("B")`, which raises for a
 * multi-dimensional array with a zero in its shape (1-D empty arrays are fine).
 */
function checkMemoryviewCast(shape: readonly number[], fail: (why: string, reference: string) => never): void {
  if (shape.length > 1 && shape.includes(0))
    fail(`memoryview: cannot cast view with zeros in shape or strides (shape ${pythonShape(shape)})`, 'TypeError');
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
      const texts = (raw.strings as Uint8Array[]).map(decodeUtf8SurrogateEscape);
      if (legacy) {
        return { shapeDtype: `${shapeText}object`, value: texts.length === 0 ? '' : utf32Pack(texts, unicodeWidth(texts)) };
      }
      // An empty object array becomes np.array([]).reshape(shape) → float64.
      if (texts.length === 0) {
        checkMemoryviewCast(shape, fail);
        return { shapeDtype: `${shapeText}float64`, value: '' };
      }
      const width = unicodeWidth(texts);
      return { shapeDtype: `${shapeText}<U${width}`, value: utf32Pack(texts, width) };
    }
    case 'ref': {
      const texts = referenceTexts(raw.bytes as Uint8Array, dtype.itemsize, dtype.refType);
      if (texts.length === 0) {
        if (legacy) return { shapeDtype: `${shapeText}object`, value: '' };
        // Normalisation turns an empty object array into float64, as for strings.
        checkMemoryviewCast(shape, fail);
        return { shapeDtype: `${shapeText}float64`, value: '' };
      }
      return { shapeDtype: `${shapeText}object`, value: utf32Pack(texts, unicodeWidth(texts)) };
    }
    case 'bytes':
      return {
        shapeDtype: `${shapeText}${dtype.name}`,
        value: fixedBytesUtf32(raw.bytes as Uint8Array, dtype.itemsize, dtype.strpad, () =>
          fail('fixed-length bytes hold non-ASCII data', 'UnicodeDecodeError'),
        ),
      };
    case 'bool': {
      const texts = numpyElementTexts(raw.bytes as Uint8Array, dtype);
      return { shapeDtype: `${shapeText}bool`, value: utf32Pack(texts, 5) };
    }
    default: {
      const bytes = raw.bytes as Uint8Array;
      if (!legacy) {
        checkMemoryviewCast(shape, fail);
        return { shapeDtype: `${shapeText}${dtype.name}`, value: bytes };
      }
      return { shapeDtype: `${shapeText}${dtype.name}`, value: utf32Pack(numpyElementTexts(bytes, dtype), legacyUnicodeWidth(dtype)) };
    }
  }
}
