export {
  PyComplex,
  PyDatetime,
  PyDecimal,
  PyDict,
  PySet,
  PyTuple,
  PyUuid,
  float64Array,
  isNdArray,
} from './blob/BlobValue';
export type { BlobValue, NdArray, NumericData, NumericDtype } from './blob/BlobValue';
export { decodeBlob } from './blob/decodeBlob';
export { encodeBlob } from './blob/encodeBlob';
export type { EncodeBlobOptions } from './blob/encodeBlob';
export { blobValueToJson, jsonToBlobValue } from './blob/jsonBlobValue';
export type { JsonValue } from './blob/jsonBlobValue';
export { canonicalUuid, formatUuid, uuidToBinary } from './uuid/uuidBinary';
export { md5Uuid } from './uuid/md5Uuid';
export { dataJointErrors } from './dataJointErrors';
export { dataJointKeyHash } from './key/dataJointKeyHash';
export { externalFilepathHash, resolveExternalFilepath } from './external/externalStore';
export type { ExternalFilepathRow, StoreLocations } from './external/externalStore';
