// Spyglass-compatible hashing: the `@spyglass-recompute/core/hashing` entry point. It loads
// no database code, so a front end that only hashes (`recompute hash`) starts quickly; the
// package index re-exports all of it.
export { hashNwbFile, hashNwbFileSync, resolveHashOptions, DEFAULT_BATCH_SIZE, DEFAULT_PRECISION } from './hashNwbFile';
export type { HashNwbFileOptions, HashRuntimeOptions, NwbHashResult } from './hashNwbFile';
export { hashNwbFiles } from './hashNwbFiles';
export type { HashFileOutcome, HashNwbFilesOptions } from './hashNwbFiles';
export { hashNwbFileWatched } from './watchdog/hashNwbFileWatched';
export type { WatchdogOptions } from './watchdog/hashNwbFileWatched';
export { defaultHdf5TimeoutMs } from './watchdog/hdf5Timeout';
export { HashErrorCode } from './hashErrors';
export { hashDirectory, canonicalJsonText, comparePathComponents } from './hashDirectory';
export type { HashDirectoryOptions, DirectoryHashResult } from './hashDirectory';
export { npyDataDigest, readNpyHeader } from './npyDataDigest';
export type { NpyHeader } from './npyDataDigest';
export { numpyDtype, pythonShape } from './numpyDtype';
export type { NumpyDtype } from './numpyDtype';
export { numpyRoundFloatsInPlace, rint } from './numpyRound';
export { FloatRounder } from './FloatRounder';
export { utf32Pack, unicodeWidth, codePointLength } from './utf32Pack';
export { halfBitsToNumber, numberToHalfBits } from './float16';
