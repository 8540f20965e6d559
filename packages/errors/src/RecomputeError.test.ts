import { ExitCode, InvariantError, RecomputeError, isRecomputeError } from './index';

describe('RecomputeError', () => {
  it('defaults to the bad-input exit code and serialises code, message and details', () => {
    const error = new RecomputeError({ code: 'FILE_MISSING', message: 'File x.nwb does not exist', details: { path: 'x.nwb' } });
    expect(error.exitCode).toBe(ExitCode.badInput);
    expect(error.name).toBe('RecomputeError');
    expect(error.toJSON()).toEqual({ code: 'FILE_MISSING', message: 'File x.nwb does not exist', details: { path: 'x.nwb' } });
    expect(isRecomputeError(error)).toBe(true);
  });

  it('marks invariant failures as runtime errors and keeps the cause of translated errors', () => {
    const cause = new Error('driver said no');
    const translated = new RecomputeError({ code: 'DB_UNREACHABLE', message: 'cannot reach db', exitCode: ExitCode.runtime, cause });
    expect(translated.cause).toBe(cause);
    expect(new InvariantError('broken').exitCode).toBe(ExitCode.runtime);
    expect(isRecomputeError(new Error('plain'))).toBe(false);
  });
});
