import { ExitCode, RecomputeError } from '@spyglass-recompute/errors';

/** Stable error codes thrown by the hashers. */
export const HashErrorCode = {
  fileNotFound: 'FILE_NOT_FOUND',
  notAFile: 'NOT_A_FILE',
  notADirectory: 'NOT_A_DIRECTORY',
  notHdf5: 'NOT_HDF5',
  hdf5Corrupt: 'HDF5_CORRUPT',
  hdf5Timeout: 'HDF5_TIMEOUT',
  unsupportedObject: 'HASH_UNSUPPORTED_OBJECT',
  unsupportedFile: 'HASH_UNSUPPORTED_FILE',
  jsonInvalid: 'JSON_INVALID',
  npyInvalid: 'NPY_INVALID',
  invalidOption: 'HASH_INVALID_OPTION',
} as const;

/**
 * An error's message, also for an error from another realm (a worker thread's, a vm context's),
 * which fails `instanceof Error`.
 */
function messageOf(cause: unknown): string | undefined {
  const message = typeof cause === 'object' && cause !== null ? (cause as { message?: unknown }).message : undefined;
  return typeof message === 'string' ? message : undefined;
}

/** The first line of a foreign error's message that is not HDF5's diagnostic stack. */
function firstMessageLine(cause: unknown): string | undefined {
  return messageOf(cause)
    ?.split('\n')
    .find((line) => line.trim() !== '' && !line.startsWith('HDF5-DIAG'));
}

function hdf5ReadFailed(filePath: string, where: string, reason: string | undefined, cause?: unknown): RecomputeError {
  return new RecomputeError({
    code: HashErrorCode.hdf5Corrupt,
    message: `${filePath}: HDF5 read failed at '${where}' — the file looks truncated or damaged${reason ? ` (${reason})` : ''}`,
    exitCode: ExitCode.badInput,
    details: { file: filePath, object: where },
    ...(cause === undefined ? {} : { cause }),
  });
}

/**
 * Named factories for the hashers' typed errors (all bad input, exit 2, except where noted); each
 * message names the file (and object) at fault.
 */
export const hashErrors = {
  /** An input file does not exist or cannot be stat'ed (`errnoCode` is the syscall's code). */
  fileNotFound(filePath: string, cause: unknown): RecomputeError {
    return new RecomputeError({
      code: HashErrorCode.fileNotFound,
      message: `${filePath} does not exist or cannot be read (${(cause as NodeJS.ErrnoException).code ?? 'error'})`,
      details: { file: filePath },
      cause,
    });
  },
  notAFile(filePath: string, isDirectory: boolean): RecomputeError {
    return new RecomputeError({
      code: HashErrorCode.notAFile,
      message: `${filePath} is ${isDirectory ? 'a directory' : 'not a regular file'}; expected an NWB/HDF5 file`,
      details: { file: filePath },
    });
  },
  /** The file has no HDF5 signature (at 0, 512, 1024, …). */
  notHdf5(filePath: string): RecomputeError {
    return new RecomputeError({
      code: HashErrorCode.notHdf5,
      message: `${filePath} is not an HDF5 file (no HDF5 signature found)`,
      details: { file: filePath },
    });
  },
  directoryNotFound(dirPath: string): RecomputeError {
    return new RecomputeError({ code: HashErrorCode.fileNotFound, message: `${dirPath} does not exist`, details: { dir: dirPath } });
  },
  notADirectory(dirPath: string): RecomputeError {
    return new RecomputeError({ code: HashErrorCode.notADirectory, message: `${dirPath} is not a directory`, details: { dir: dirPath } });
  },
  /** Spyglass's DirectoryHasher raises AttributeError on `.npz` archives. */
  npzUnsupported(filePath: string): RecomputeError {
    return new RecomputeError({
      code: HashErrorCode.unsupportedFile,
      message: `${filePath}: .npz archives cannot be hashed (Spyglass's DirectoryHasher raises AttributeError on them)`,
      details: { file: filePath },
    });
  },
  /** The reference hashes the memory pointers of an object-dtype array: no reproducible digest exists. */
  objectNpyUnsupported(filePath: string): RecomputeError {
    return new RecomputeError({
      code: HashErrorCode.unsupportedFile,
      message: `${filePath}: object-dtype .npy arrays cannot be hashed (the reference hashes memory pointers)`,
      details: { file: filePath },
    });
  },
  npyInvalid(filePath: string, why: string): RecomputeError {
    return new RecomputeError({
      code: HashErrorCode.npyInvalid,
      message: `${filePath}: not a readable .npy file (${why})`,
      details: { file: filePath },
    });
  },
  /** A hashing option (batch size, rounding, …) is out of range; `message` names the option and the value. */
  invalidOption(message: string): RecomputeError {
    return new RecomputeError({ code: HashErrorCode.invalidOption, message });
  },
  /**
   * The reference hasher raises on this object (TypeError / UnicodeDecodeError in Spyglass),
   * so no digest exists for the file in this mode.
   */
  unsupportedObject(filePath: string, objectPath: string, why: string, reference: string): RecomputeError {
    return new RecomputeError({
      code: HashErrorCode.unsupportedObject,
      message: `${filePath}: cannot hash object '${objectPath}': ${why} (Spyglass's hasher raises ${reference} here, so no reference digest exists)`,
      details: { file: filePath, object: objectPath, reference },
    });
  },
  /**
   * A group lists a dataset whose type h5py would name in its repr, but this hasher does not
   * know that name: refused rather than a digest of a guessed text.
   */
  typeTextUnknown(filePath: string, objectPath: string, why: string): RecomputeError {
    return new RecomputeError({
      code: HashErrorCode.unsupportedFile,
      message: `${filePath}: cannot reproduce h5py's type text at '${objectPath}': ${why} (refused rather than hashing a guessed text)`,
      details: { file: filePath, object: objectPath },
    });
  },
  /**
   * The reference reads this object's values, but the HDF5 reader here cannot (a type its HDF5
   * library refuses to convert): refused rather than a misleading "damaged file".
   */
  valuesUnreadable(filePath: string, objectPath: string, why: string): RecomputeError {
    return new RecomputeError({
      code: HashErrorCode.unsupportedFile,
      message: `${filePath}: cannot read the values of '${objectPath}': ${why} (h5py reads them, so the reference has a digest this hasher cannot give)`,
      details: { file: filePath, object: objectPath },
    });
  },
  /**
   * The reference reads this file's cached namespaces, but their map holds a value this
   * hasher's result cannot (a list-valued version): refused rather than a different digest.
   */
  namespaceUnreproducible(filePath: string, objectPath: string, why: string): RecomputeError {
    return new RecomputeError({
      code: HashErrorCode.unsupportedFile,
      message: `${filePath}: cannot reproduce the cached namespace versions at '${objectPath}': ${why} (the reference hashes this file, but this hasher cannot give its digest)`,
      details: { file: filePath, object: objectPath },
    });
  },
  /** HDF5 failed while reading a file that opened: truncated or damaged. */
  hdf5Corrupt(filePath: string, where: string, cause: unknown): RecomputeError {
    return hdf5ReadFailed(filePath, where, firstMessageLine(cause)?.trim(), cause);
  },
  /**
   * A read the file's own metadata asks for cannot be served (larger than the wasm heap, or the
   * allocation failed): a damaged dataspace claims sizes no healthy file has.
   */
  hdf5ReadTooLarge(filePath: string, objectPath: string, reason: string): RecomputeError {
    return hdf5ReadFailed(filePath, objectPath.replace(/^\//, '') || '/', reason);
  },
  /** The HDF5 reader did not finish within the watchdog budget (h5wasm loops on some damaged files). */
  hdf5Timeout(filePath: string, timeoutMs: number, lastObject: string | undefined): RecomputeError {
    const seconds = Math.round(timeoutMs / 100) / 10;
    return new RecomputeError({
      code: HashErrorCode.hdf5Timeout,
      message:
        `${filePath}: HDF5 read did not finish within ${seconds} s${lastObject === undefined ? '' : ` (last object hashed: '${lastObject}')`} — ` +
        'the file is most likely damaged (the HDF5 library loops on some corrupt structures); ' +
        'if it is only very large or on slow storage, raise the limit with --timeout or RECOMPUTE_HDF5_TIMEOUT (seconds).',
      exitCode: ExitCode.badInput,
      details: { file: filePath, timeoutMs, ...(lastObject === undefined ? {} : { object: lastObject }) },
    });
  },
  /** The worker hashing a file died (wasm abort, out of memory) instead of answering. */
  hashWorkerCrashed(filePath: string, cause: unknown): RecomputeError {
    const why = messageOf(cause) ?? String(cause);
    return new RecomputeError({
      code: HashErrorCode.hdf5Corrupt,
      message: `${filePath}: the HDF5 reader crashed on this file (${why.split('\n')[0]}) — the file looks damaged`,
      exitCode: ExitCode.badInput,
      details: { file: filePath },
      cause,
    });
  },
  /** Text a directory hasher or a recording folder reader parses as Python json does not parse. */
  jsonInvalid(source: string, what: string, offset: number): RecomputeError {
    return new RecomputeError({
      code: HashErrorCode.jsonInvalid,
      message: `${source}: ${what} (char ${offset})`,
      details: { source, offset },
    });
  },
} as const;
