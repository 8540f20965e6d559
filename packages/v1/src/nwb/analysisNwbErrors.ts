import { ExitCode, RecomputeError } from '@spyglass-recompute/errors';

/**
 * Typed errors of writing an analysis NWB file (v1), the counterpart of v0's `folderErrors`:
 * the input does not fit the series layout, the file cannot be placed, or a byte-level patch
 * of the HDF5 file meets something it does not expect (those are ours to fix: "please report").
 */
export const analysisNwbErrors = {
  writeFailed(outputPath: string, cause: unknown): RecomputeError {
    const message = cause instanceof Error ? cause.message : String(cause);
    return new RecomputeError({
      code: 'NWB_WRITE_FAILED',
      message: `writing analysis NWB file ${outputPath} failed: ${message}`,
      exitCode: ExitCode.runtime,
      cause,
    });
  },
  notAGroup(what: string): RecomputeError {
    return new RecomputeError({ code: 'NWB_WRITE_FAILED', message: `${what} is not a group` });
  },
  outputExists(outputPath: string): RecomputeError {
    return new RecomputeError({
      code: 'OUTPUT_EXISTS',
      message: `analysis NWB file ${outputPath} already exists (pass overwrite to replace it)`,
    });
  },
  outputAppeared(outputPath: string): RecomputeError {
    return new RecomputeError({
      code: 'OUTPUT_EXISTS',
      message: `analysis NWB file ${outputPath} appeared while it was being written; it was left untouched`,
    });
  },
  seriesInputInvalid(message: string): RecomputeError {
    return new RecomputeError({ code: 'NWB_SERIES_INPUT_INVALID', message, exitCode: ExitCode.badInput });
  },
  copyUnsupported(message: string, details?: Record<string, unknown>): RecomputeError {
    return new RecomputeError({ code: 'NWB_COPY_UNSUPPORTED', message, exitCode: ExitCode.runtime, details });
  },
  fileUnreadable(filePath: string, cause: unknown): RecomputeError {
    return new RecomputeError({
      code: 'V1_FILE_UNREADABLE',
      message: `cannot open ${filePath} as HDF5: ${(cause as Error).message}`,
      exitCode: ExitCode.runtime,
      cause,
      details: { filePath },
    });
  },
  headerPatchFailed(message: string): RecomputeError {
    return new RecomputeError({ code: 'NWB_HEADER_PATCH_FAILED', message: `${message} (please report this)`, exitCode: ExitCode.runtime });
  },
  enumPatchFailed(message: string, details?: Record<string, unknown>): RecomputeError {
    return new RecomputeError({
      code: 'NWB_ENUM_PATCH_FAILED',
      message: `${message} (please report this)`,
      exitCode: ExitCode.runtime,
      details,
    });
  },
};
