import { RecomputeError } from '@spyglass-recompute/errors';

/**
 * Typed errors of writing a spikeinterface recording folder (v0): the data handed to the writer
 * does not fit the recording's layout, or the folder cannot be placed.
 */
export const folderErrors = {
  writeFailed(message: string, cause: unknown, details: Record<string, unknown>): RecomputeError {
    return new RecomputeError({ code: 'FOLDER_WRITE_FAILED', message, cause, details });
  },
  folderExists(folderPath: string): RecomputeError {
    return new RecomputeError({ code: 'FOLDER_EXISTS', message: `recording folder ${folderPath} already exists; delete it or pass overwrite`, details: { folderPath } });
  },
  folderAppeared(folderPath: string, cause: unknown): RecomputeError {
    return new RecomputeError({ code: 'FOLDER_EXISTS', message: `recording folder ${folderPath} appeared while it was being written`, details: { folderPath }, cause });
  },
  bigEndianHost(): RecomputeError {
    return new RecomputeError({ code: 'PLATFORM_UNSUPPORTED', message: 'the folder writer needs a little-endian host' });
  },
  segmentCount(expected: number, given: number): RecomputeError {
    return new RecomputeError({ code: 'SEGMENTS_INVALID', message: `the recording has ${expected} segment(s) but ${given} were given` });
  },
  segmentTimes(segment: number, hasTimeVector: boolean): RecomputeError {
    return new RecomputeError({
      code: 'SEGMENTS_INVALID',
      message: `segment ${segment}: ${hasTimeVector ? 'has a time vector, so its times are required' : 'has no time vector, so no times may be given'}`,
    });
  },
  /** `file` is the traces file being written; `problem` says what is wrong with the chunks given. */
  tracesInvalid(file: string, problem: string): RecomputeError {
    return new RecomputeError({ code: 'TRACES_INVALID', message: `${file}: ${problem}` });
  },
  timesInvalid(file: string | null, problem: string): RecomputeError {
    return new RecomputeError({ code: 'TIMES_INVALID', message: `${file}: ${problem}` });
  },
};
