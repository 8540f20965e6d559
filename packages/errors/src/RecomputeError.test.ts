import { ExitCode, InvariantError, RecomputeError, assertInvariant, isRecomputeError, storedErrorCode, storedErrorText } from './index';

describe('RecomputeError', () => {
  it("takes its exit code from the code's table row and serialises code, message and details", () => {
    const error = new RecomputeError({ code: 'FILE_NOT_FOUND', message: 'File x.nwb does not exist', details: { path: 'x.nwb' } });
    expect(error.exitCode).toBe(ExitCode.badInput);
    expect(new RecomputeError({ code: 'REGENERATION_FAILED', message: 'boom' }).exitCode).toBe(ExitCode.runtime);
    expect(new RecomputeError({ code: 'REGENERATED_HASH_MISMATCH', message: 'differs' }).exitCode).toBe(ExitCode.verificationFailed);
    expect(error.name).toBe('RecomputeError');
    expect(error.toJSON()).toEqual({ code: 'FILE_NOT_FOUND', message: 'File x.nwb does not exist', details: { path: 'x.nwb' } });
    expect(isRecomputeError(error)).toBe(true);
  });

  it('marks invariant failures as runtime errors and keeps the cause of translated errors', () => {
    const cause = new Error('driver said no');
    const translated = new RecomputeError({ code: 'DB_UNREACHABLE', message: 'cannot reach db', exitCode: ExitCode.runtime, cause });
    expect(translated.cause).toBe(cause);
    expect(new InvariantError('broken').exitCode).toBe(ExitCode.runtime);
    expect(isRecomputeError(new Error('plain'))).toBe(false);
  });

  it('lets a code listed with alsoExitsWith choose its other exit code', () => {
    expect(new RecomputeError({ code: 'DB_UNREACHABLE', message: 'no sqlite file', exitCode: ExitCode.badInput }).exitCode).toBe(
      ExitCode.badInput,
    );
    expect(new RecomputeError({ code: 'DB_UNREACHABLE', message: 'no server' }).exitCode).toBe(ExitCode.runtime);
  });

  it('assertInvariant throws an INTERNAL_INVARIANT error (exit 1) only when the condition fails', () => {
    expect(() => assertInvariant(1 + 1 === 2, 'arithmetic')).not.toThrow();
    expect(() => assertInvariant(false, () => 'the chunk stream is sorted')).toThrow(
      expect.objectContaining({ code: 'INTERNAL_INVARIANT', exitCode: ExitCode.runtime, message: 'the chunk stream is sorted' }),
    );
  });

  it('stores typed errors as "CODE: message" and reads the code back; foreign and old texts have none', () => {
    const text = storedErrorText(
      new RecomputeError({ code: 'SEGMENT_TOO_SHORT', message: 'segment 0 (12 samples) is too short to filter' }),
    );
    expect(text).toBe('SEGMENT_TOO_SHORT: segment 0 (12 samples) is too short to filter');
    expect(storedErrorCode(text)).toBe('SEGMENT_TOO_SHORT');
    expect(storedErrorText(new Error('disk full'))).toBe('disk full');
    expect(storedErrorCode('disk full')).toBeNull();
    expect(storedErrorCode('NOT_A_REAL_CODE: looks like one')).toBeNull();
    expect(storedErrorCode('segment too short to filter (padlen)')).toBeNull();
  });
});
