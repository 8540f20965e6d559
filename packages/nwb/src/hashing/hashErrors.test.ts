import { ExitCode, RecomputeError, isRecomputeErrorCode } from '@spyglass-recompute/errors';
import { HashErrorCode, hashErrors } from './hashErrors';

const F = '/data/rec.nwb';

/** The parts of a typed error a caller (CLI `--json`, logs) sees. */
function seen(error: RecomputeError): {
  code: string;
  message: string;
  exitCode: ExitCode;
  details: Record<string, unknown>;
  cause: unknown;
} {
  expect(error).toBeInstanceOf(RecomputeError);
  return { code: error.code, message: error.message, exitCode: error.exitCode, details: error.details, cause: error.cause };
}

describe('hashErrors: every factory names the file (and object) at fault, with a stable code', () => {
  it('uses only codes of the closed list, each for its own kind of problem', () => {
    const codes = Object.values(HashErrorCode);
    for (const code of codes) expect(isRecomputeErrorCode(code)).toBe(true);
    expect(new Set(codes).size).toBe(codes.length);
  });

  it('file and directory problems: the cause and its errno code are kept', () => {
    const enoent = Object.assign(new Error('nope'), { code: 'ENOENT' });
    expect(seen(hashErrors.fileNotFound(F, enoent))).toEqual({
      code: 'FILE_NOT_FOUND',
      message: `${F} does not exist or cannot be read (ENOENT)`,
      exitCode: ExitCode.badInput,
      details: { file: F },
      cause: enoent,
    });
    expect(hashErrors.fileNotFound(F, new Error('no code')).message).toBe(`${F} does not exist or cannot be read (error)`);
  });

  // factory call → [code, message, details]; all are bad input (exit 2) without a cause
  const simple: Array<[string, () => RecomputeError, string, string, Record<string, unknown>]> = [
    [
      'notAFile (directory)',
      () => hashErrors.notAFile(F, true),
      'NOT_A_FILE',
      `${F} is a directory; expected an NWB/HDF5 file`,
      { file: F },
    ],
    [
      'notAFile (other)',
      () => hashErrors.notAFile(F, false),
      'NOT_A_FILE',
      `${F} is not a regular file; expected an NWB/HDF5 file`,
      { file: F },
    ],
    ['notHdf5', () => hashErrors.notHdf5(F), 'NOT_HDF5', `${F} is not an HDF5 file (no HDF5 signature found)`, { file: F }],
    ['directoryNotFound', () => hashErrors.directoryNotFound('/d'), 'FILE_NOT_FOUND', '/d does not exist', { dir: '/d' }],
    ['notADirectory', () => hashErrors.notADirectory('/d'), 'NOT_A_DIRECTORY', '/d is not a directory', { dir: '/d' }],
    [
      'npzUnsupported',
      () => hashErrors.npzUnsupported('/d/a.npz'),
      'HASH_UNSUPPORTED_FILE',
      "/d/a.npz: .npz archives cannot be hashed (Spyglass's DirectoryHasher raises AttributeError on them)",
      { file: '/d/a.npz' },
    ],
    [
      'objectNpyUnsupported',
      () => hashErrors.objectNpyUnsupported('/d/o.npy'),
      'HASH_UNSUPPORTED_FILE',
      '/d/o.npy: object-dtype .npy arrays cannot be hashed (the reference hashes memory pointers)',
      { file: '/d/o.npy' },
    ],
    [
      'npyInvalid',
      () => hashErrors.npyInvalid('/d/x.npy', 'bad magic'),
      'NPY_INVALID',
      '/d/x.npy: not a readable .npy file (bad magic)',
      { file: '/d/x.npy' },
    ],
    [
      'jsonInvalid',
      () => hashErrors.jsonInvalid('/d/p.json', 'Expecting value', 7),
      'JSON_INVALID',
      '/d/p.json: Expecting value (char 7)',
      { source: '/d/p.json', offset: 7 },
    ],
    [
      'invalidOption',
      () => hashErrors.invalidOption('batchSize must be a positive integer, got 0'),
      'HASH_INVALID_OPTION',
      'batchSize must be a positive integer, got 0',
      {},
    ],
    [
      'unsupportedObject',
      () => hashErrors.unsupportedObject(F, 'acquisition/x', 'child has a 16-byte integer', 'TypeError'),
      'HASH_UNSUPPORTED_OBJECT',
      `${F}: cannot hash object 'acquisition/x': child has a 16-byte integer (Spyglass's hasher raises TypeError here, so no reference digest exists)`,
      { file: F, object: 'acquisition/x', reference: 'TypeError' },
    ],
    [
      'valuesUnreadable',
      () => hashErrors.valuesUnreadable(F, 'g/e', 'its type holds a big-endian enum'),
      'HASH_UNSUPPORTED_FILE',
      `${F}: cannot read the values of 'g/e': its type holds a big-endian enum (h5py reads them, so the reference has a digest this hasher cannot give)`,
      { file: F, object: 'g/e' },
    ],
    [
      'typeTextUnknown',
      () => hashErrors.typeTextUnknown(F, 'g', "child 't': HDF5 type class 2 (size 8)"),
      'HASH_UNSUPPORTED_FILE',
      `${F}: cannot reproduce h5py's type text at 'g': child 't': HDF5 type class 2 (size 8) (refused rather than hashing a guessed text)`,
      { file: F, object: 'g' },
    ],
  ];
  it.each(simple)('%s names what is at fault', (_name, make, code, message, details) => {
    expect(seen(make())).toEqual({ code, message, exitCode: ExitCode.badInput, details, cause: undefined });
  });

  it("HDF5 read failures give the cause's first line that is not HDF5's diagnostic stack", () => {
    const cause = new Error("\nHDF5-DIAG: Error detected in HDF5 (1.14.2)\n  H5Dread(): can't read data \nsecond line");
    expect(seen(hashErrors.hdf5Corrupt(F, 'acquisition/e', cause))).toEqual({
      code: 'HDF5_CORRUPT',
      message: `${F}: HDF5 read failed at 'acquisition/e' — the file looks truncated or damaged (H5Dread(): can't read data)`,
      exitCode: ExitCode.badInput,
      details: { file: F, object: 'acquisition/e' },
      cause,
    });
    // Nothing readable in the cause (not an Error, or only diagnostics): no reason in brackets.
    // a line of spaces is no reason either
    expect(hashErrors.hdf5Corrupt(F, '/', new Error('   \nreal reason')).message).toContain('(real reason)');
    for (const quiet of ['plain string', null, new Error('HDF5-DIAG: only this'), new Error('')]) {
      expect(hashErrors.hdf5Corrupt(F, '/', quiet).message).toBe(`${F}: HDF5 read failed at '/' — the file looks truncated or damaged`);
    }
  });

  it('a read too large names the object without its leading slash, the root as /, and keeps no cause', () => {
    const tooLarge = seen(hashErrors.hdf5ReadTooLarge(F, '/acquisition/e/data', 'needs 9 GiB'));
    expect(tooLarge).toEqual({
      code: 'HDF5_CORRUPT',
      message: `${F}: HDF5 read failed at 'acquisition/e/data' — the file looks truncated or damaged (needs 9 GiB)`,
      exitCode: ExitCode.badInput,
      details: { file: F, object: 'acquisition/e/data' },
      cause: undefined,
    });
    expect('cause' in hashErrors.hdf5ReadTooLarge(F, '/x', 'r')).toBe(false);
    expect(hashErrors.hdf5ReadTooLarge(F, '/', 'r').details).toEqual({ file: F, object: '/' });
    expect(hashErrors.hdf5ReadTooLarge(F, '', 'r').details).toEqual({ file: F, object: '/' });
    expect(hashErrors.hdf5ReadTooLarge(F, 'a//b', 'r').details).toEqual({ file: F, object: 'a//b' });
  });

  it('a timeout gives the limit in seconds (one decimal) and the last object hashed, when there is one', () => {
    expect(seen(hashErrors.hdf5Timeout(F, 125_449, 'acquisition/e'))).toEqual({
      code: 'HDF5_TIMEOUT',
      message:
        `${F}: HDF5 read did not finish within 125.4 s (last object hashed: 'acquisition/e') — the file is most likely damaged ` +
        '(the HDF5 library loops on some corrupt structures); if it is only very large or on slow storage, raise the limit with ' +
        '--timeout or RECOMPUTE_HDF5_TIMEOUT (seconds).',
      exitCode: ExitCode.badInput,
      details: { file: F, timeoutMs: 125_449, object: 'acquisition/e' },
      cause: undefined,
    });
    const first = hashErrors.hdf5Timeout(F, 2_050, undefined);
    expect(first.message).toMatch(new RegExp(`^${F}: HDF5 read did not finish within 2.1 s — the file`));
    expect(first.details).toEqual({ file: F, timeoutMs: 2_050 });
  });

  it('a crashed hash worker is reported as damaged input with the first line of why', () => {
    const crash = new Error('RuntimeError: memory access out of bounds\n    at wasm://...');
    expect(seen(hashErrors.hashWorkerCrashed(F, crash))).toEqual({
      code: 'HDF5_CORRUPT',
      message: `${F}: the HDF5 reader crashed on this file (RuntimeError: memory access out of bounds) — the file looks damaged`,
      exitCode: ExitCode.badInput,
      details: { file: F },
      cause: crash,
    });
    // An Error built in another realm (a worker's error event) fails instanceof Error: same text.
    const foreign = { name: 'Error', message: 'wasm abort\nat wasm' };
    expect(hashErrors.hashWorkerCrashed(F, foreign).message).toContain('(wasm abort)');
    expect(hashErrors.hdf5Corrupt(F, '/', foreign).message).toContain('(wasm abort)');
    expect(hashErrors.hdf5Corrupt(F, '/', { message: 42 }).message).toBe(
      `${F}: HDF5 read failed at '/' — the file looks truncated or damaged`,
    );
    expect(hashErrors.hashWorkerCrashed(F, null).message).toContain('(null)');
    expect(hashErrors.hashWorkerCrashed(F, 'exit code 134').message).toBe(
      `${F}: the HDF5 reader crashed on this file (exit code 134) — the file looks damaged`,
    );
  });
});
