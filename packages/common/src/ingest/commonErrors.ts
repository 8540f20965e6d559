import { ExitCode, RecomputeError } from '@spyglass-recompute/errors';
import { rawRecordingErrors } from '@spyglass-recompute/preprocessing';
import { idRanges } from './idRanges';

/**
 * Named factories for the typed errors of the common-table operations (ingest, intervals,
 * sort groups, parameters). All are bad input (exit 2) unless noted; each message names the
 * file, object or value at fault.
 */
export const commonErrors = {
  /** The same error the raw recording reader throws (one message for RAW_FILE_NOT_FOUND). */
  rawFileNotFound: rawRecordingErrors.fileNotFound,
  notHdf5(filePath: string, cause?: unknown): RecomputeError {
    return new RecomputeError({
      code: 'NOT_HDF5',
      message: `${filePath} is not an HDF5 file, so it cannot be an NWB file`,
      details: { file: filePath },
      cause,
    });
  },
  notNwb(filePath: string, rootType: string | undefined): RecomputeError {
    return new RecomputeError({
      code: 'NWB_NOT_NWB',
      message: `${filePath} is HDF5 but not an NWB file (root neurodata_type is ${rootType === undefined ? 'missing' : `"${rootType}"`}, expected "NWBFile")`,
      details: { file: filePath, rootType },
    });
  },
  noElectrodes(filePath: string, what: string): RecomputeError {
    return new RecomputeError({ code: 'NWB_NO_ELECTRODES', message: `${filePath}: ${what}`, details: { file: filePath } });
  },
  electrodeGroupUnknown(filePath: string, electrodeId: number, groupName: string): RecomputeError {
    return new RecomputeError({
      code: 'NWB_ELECTRODE_GROUP_UNKNOWN',
      message: `${filePath}: electrode ${electrodeId} names electrode group "${groupName}", which is not in general/extracellular_ephys`,
      details: { file: filePath, electrodeId, groupName },
    });
  },
  electrodeIdDuplicate(filePath: string, electrodeId: number): RecomputeError {
    return new RecomputeError({
      code: 'NWB_ELECTRODE_ID_DUPLICATE',
      message: `${filePath}: electrode id ${electrodeId} appears more than once in the electrodes table`,
      details: { file: filePath, electrodeId },
    });
  },
  timestampsTooFew(filePath: string, seriesName: string, cause: unknown): RecomputeError {
    return new RecomputeError({
      code: 'TIMESTAMPS_TOO_FEW',
      message: `${filePath}: acquisition/${seriesName} has too few timestamps to estimate a sampling rate (${(cause as Error).message})`,
      details: { file: filePath, series: seriesName },
      cause,
    });
  },
  nameConflict(nwbFileName: string, registeredPath: string, newPath: string, reason: string): RecomputeError {
    return new RecomputeError({
      code: 'NWB_NAME_CONFLICT',
      message: `an NWB file named ${nwbFileName} already exists at ${registeredPath} and ${newPath} differs from it (${reason}); rename the new file before ingesting it`,
      details: { nwbFileName, registeredPath, newPath, reason },
    });
  },
  rawRootMissing(rawRoot: string, cause?: unknown): RecomputeError {
    return new RecomputeError({
      code: 'DATA_ROOT_UNAVAILABLE',
      message: `raw data root ${rawRoot} is not a writable directory (set SPYGLASS_RAW_DIR or create it)`,
      details: { root: rawRoot },
      cause,
    });
  },
  nwbFileNameTooLong(nwbFileName: string): RecomputeError {
    return new RecomputeError({
      code: 'NWB_NAME_TOO_LONG',
      message: `NWB file name ${nwbFileName} has ${nwbFileName.length} characters; Spyglass's nwb_file_name holds at most 64`,
      details: { nwbFileName },
    });
  },
  nwbFileUnknown(nwbFileName: string): RecomputeError {
    return new RecomputeError({
      code: 'NWB_FILE_UNKNOWN',
      message: `NWB file ${nwbFileName} is not registered; run \`recompute ingest\` on it first`,
      details: { nwbFileName },
    });
  },
  electrodeUnknown(nwbFileName: string, electrodeId: number, validIds: readonly number[]): RecomputeError {
    return new RecomputeError({
      code: 'SORT_GROUP_ELECTRODE_UNKNOWN',
      message: `electrode ${electrodeId} does not exist in ${nwbFileName}; its electrode ids are ${idRanges(validIds)} (fix --electrodes)`,
      details: { nwbFileName, electrodeId, validIds: [...validIds] },
    });
  },
  electrodesInvalid(nwbFileName: string, reason: string): RecomputeError {
    return new RecomputeError({
      code: 'SORT_GROUP_ELECTRODES_INVALID',
      message: `sort group electrodes for ${nwbFileName}: ${reason}`,
      details: { nwbFileName },
    });
  },
  referenceInvalid(pipeline: string, nwbFileName: string, referenceId: number, reason: string): RecomputeError {
    return new RecomputeError({
      code: 'SORT_GROUP_REFERENCE_INVALID',
      message: `reference ${referenceId} for a ${pipeline} sort group of ${nwbFileName}: ${reason} (check --reference)`,
      details: { pipeline, nwbFileName, referenceId },
    });
  },
  sortGroupInUse(pipeline: string, nwbFileName: string, sortGroupId: number, selections: number): RecomputeError {
    return new RecomputeError({
      code: 'SORT_GROUP_IN_USE',
      message: `${pipeline} sort group ${sortGroupId} of ${nwbFileName} is used by ${selections} recording selection(s); changing it would orphan their recordings — choose a new sort group id`,
      details: { pipeline, nwbFileName, sortGroupId, selections },
    });
  },
  intervalInvalid(what: string, name: string, reason: string, details: Record<string, unknown>): RecomputeError {
    return new RecomputeError({ code: 'INTERVAL_INVALID', message: `${what} "${name}": ${reason}`, details: { name, ...details } });
  },
  intervalExists(what: string, nwbFileName: string, name: string, existing: unknown): RecomputeError {
    return new RecomputeError({
      code: 'INTERVAL_EXISTS',
      message: `${what} "${name}" of ${nwbFileName} already exists with different times ${JSON.stringify(existing)}; choose another name`,
      details: { nwbFileName, name, existing },
    });
  },
  paramsInvalid(name: string, reason: string): RecomputeError {
    return new RecomputeError({
      code: 'PREPROC_PARAMS_INVALID',
      message: `preprocessing parameters "${name}": ${reason}`,
      details: { name },
    });
  },
  paramsExist(pipeline: string, name: string, existing: unknown): RecomputeError {
    return new RecomputeError({
      code: 'PREPROC_PARAMS_EXIST',
      message: `${pipeline} preprocessing parameters "${name}" already exist with different values ${JSON.stringify(existing)}; choose another name`,
      details: { pipeline, name, existing },
    });
  },
  copyFailed(source: string, destination: string, cause: unknown): RecomputeError {
    return new RecomputeError({
      code: 'RAW_COPY_FAILED',
      message: `cannot copy ${source} into the raw data root as ${destination}: ${(cause as Error).message}`,
      exitCode: ExitCode.runtime,
      details: { source, destination },
      cause,
    });
  },
};
