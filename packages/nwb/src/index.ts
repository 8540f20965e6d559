// @spyglass-recompute/nwb: the Spyglass-exact NWB/HDF5 work that never touches a database:
// hashing, h5wasm access and the small direct reader for plain datasets, Python/numpy text
// formatting, the wasm assembler and V8 tiering, and pure path rules (data roots, artefact
// paths, temporary names). Every export is listed by name (no `export *`).

// ---- hashing
export { hashNwbFile, hashNwbFileSync, resolveHashOptions, DEFAULT_BATCH_SIZE, DEFAULT_PRECISION } from './hashing/hashNwbFile';
export type { DatasetDigestThread, HashNwbFileOptions, HashRuntimeOptions, NwbHashResult } from './hashing/hashNwbFile';
export { hashNwbFiles } from './hashing/hashNwbFiles';
export type { HashFileOutcome, HashNwbFilesOptions } from './hashing/hashNwbFiles';
export { hashNwbFileWatched } from './hashing/watchdog/hashNwbFileWatched';
export type { WatchdogOptions } from './hashing/watchdog/hashNwbFileWatched';
export { defaultHdf5TimeoutMs } from './hashing/watchdog/hdf5Timeout';
export { HashErrorCode, hashErrors } from './hashing/hashErrors';
export { hashDirectory, canonicalJsonText, comparePathComponents } from './hashing/hashDirectory';
export type { HashDirectoryOptions, DirectoryHashResult } from './hashing/hashDirectory';
export { npyDataDigest, readNpyHeader } from './hashing/npyDataDigest';
export type { NpyHeader } from './hashing/npyDataDigest';
export { numpyDtype, pythonShape } from './hashing/numpyDtype';
export type { NumpyDtype } from './hashing/numpyDtype';
export { numpyRoundFloatsInPlace, rint } from './hashing/numpyRound';
export { FloatRounder } from './hashing/FloatRounder';
export { utf32Pack, unicodeWidth, codePointLength } from './hashing/utf32Pack';
export { halfBitsToNumber, numberToHalfBits } from './hashing/float16';
export { openPlainDataset, type OpenPlainDataset } from './h5/layout/openPlainDataset';
export { PlainRowReader } from './h5/layout/rowBlocks';
export type { PlainDataset } from './h5/layout/locatePlainDatasets';

// ---- h5wasm access
export { loadH5wasm, withH5File } from './h5/h5wasm';
export type { H5File, H5Wasm } from './h5/h5wasm';

// ---- wasm kernels and V8 tiering
export { createMemory, ensureMemory, instantiate, moduleBytes, op, T } from './wasm/wasmAssembler';
export type { WasmFunction, WasmMemory } from './wasm/wasmAssembler';
export { raiseWasmTieringBudget, WASM_TIERING_BUDGET } from './runtime/wasmTiering';
export type { V8FlagTarget } from './runtime/wasmTiering';

// ---- Python / numpy text formatting
export { pythonFloatRepr, pythonFloat32Repr, pythonFloat16Repr, roundToFloat16 } from './python-format/pythonFloatRepr';
export { PyFloat, pyFloat } from './python-format/PyFloat';
export type { PyJsonValue, PyJsonObject } from './python-format/PyFloat';
export { parsePythonJson } from './python-format/parsePythonJson';
export type { ParsePythonJsonOptions } from './python-format/parsePythonJson';
export { dumpPythonJson, pythonJsonString, compareCodePoints } from './python-format/dumpPythonJson';
export type { DumpPythonJsonOptions } from './python-format/dumpPythonJson';
export { encodeNpyHeader, pythonShapeTupleRepr } from './python-format/npyHeader';

// ---- paths: data roots, confinement, safe names, temporary siblings
export { DATA_ROOT_SETTINGS, dataRootList, dataRootsUnder, namedDataRoots } from './paths/DataRoots';
export type { DataRoots, NamedDataRoot } from './paths/DataRoots';
export { assertSafePathComponent, MAX_PATH_COMPONENT_BYTES, pathComponentProblem } from './paths/safePathComponent';
export { pathErrors, unsafeNameError } from './paths/pathErrors';
export type { NameSource, UnsafeNameProblem } from './paths/safePathComponent';
export { artefactPath, assertStrictlyInsideRoot, isSameOrInside, isStrictlyInside } from './paths/artefactPath';
export type { PathPart } from './paths/artefactPath';
export { hostId, isTemporaryOf, ownerIsDead, parseTemporaryName, processIsAlive, temporarySibling } from './paths/temporaryNames';
export type { ParsedTemporaryName, TemporaryOwner, TemporaryTag } from './paths/temporaryNames';
