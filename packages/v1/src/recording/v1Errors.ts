import { ExitCode, RecomputeError } from '@spyglass-recompute/errors';

/** Typed errors of the v1 recording pipeline (bad input → exit 2 unless stated). */
export const v1Errors = {
  seriesNotFound(filePath: string, seriesObjectId: string | null | undefined, candidates: number): RecomputeError {
    return new RecomputeError({
      code: 'V1_SERIES_NOT_FOUND',
      message: seriesObjectId
        ? `${filePath} has no ElectricalSeries with object_id ${seriesObjectId} under /acquisition`
        : `${filePath} has ${candidates} ElectricalSeries under /acquisition; expected exactly one`,
      details: { filePath, seriesObjectId: seriesObjectId ?? null },
    });
  },
  selectionInvalid(message: string, details: Record<string, unknown> = {}): RecomputeError {
    return new RecomputeError({ code: 'V1_SELECTION_INVALID', message, details });
  },
  nwbFileUnknown(nwbFileName: string): RecomputeError {
    return new RecomputeError({
      code: 'NWB_FILE_UNKNOWN',
      message: `NWB file "${nwbFileName}" is not registered (run \`recompute ingest\` first)`,
      details: { nwbFileName },
    });
  },
  sortGroupUnknown(nwbFileName: string, sortGroupId: number): RecomputeError {
    return new RecomputeError({
      code: 'SORT_GROUP_UNKNOWN',
      message: `v1 sort group ${sortGroupId} of ${nwbFileName} does not exist (create it with \`recompute v1 sort-group set\`)`,
      details: { nwbFileName, sortGroupId },
    });
  },
  sortGroupElectrodesUnknown(nwbFileName: string, sortGroupId: number, missing: readonly number[], rawPath: string): RecomputeError {
    return new RecomputeError({
      code: 'SORT_GROUP_ELECTRODE_UNKNOWN',
      message: `v1 sort group ${sortGroupId} of ${nwbFileName} names electrode(s) ${missing.join(', ')} that ${rawPath} does not record`,
      details: { nwbFileName, sortGroupId, missing, rawPath },
    });
  },
  sortGroupEmpty(nwbFileName: string, sortGroupId: number): RecomputeError {
    return new RecomputeError({
      code: 'SORT_GROUP_EMPTY',
      message: `v1 sort group ${sortGroupId} of ${nwbFileName} has no electrodes`,
      details: { nwbFileName, sortGroupId },
    });
  },
  intervalUnknown(nwbFileName: string, intervalListName: string): RecomputeError {
    return new RecomputeError({
      code: 'INTERVAL_UNKNOWN',
      message: `interval list "${intervalListName}" of ${nwbFileName} does not exist (add it with \`recompute interval add\`)`,
      details: { nwbFileName, intervalListName },
    });
  },
  /**
   * No piece of the interval inside the data is as long as the parameter set's minimum segment
   * length: say how long the longest piece is and how to lower the minimum (a new parameter set).
   */
  intervalOutsideData(args: {
    nwbFileName: string;
    intervalListName: string;
    validTimes: unknown;
    rawValidTimes: unknown;
    minLength: number;
    /** Seconds of the longest overlap of the interval with the data (0: none). */
    longest: number;
    paramsName: string;
    params: { frequencyMin: number; frequencyMax: number };
  }): RecomputeError {
    const { nwbFileName, intervalListName, validTimes, rawValidTimes, minLength, longest, paramsName, params } = args;
    // Pieces are kept only when strictly longer than the minimum: suggest a round value below the longest.
    const belowLongest = Number(Math.max(0, Math.ceil(longest * 100) / 100 - 0.01).toFixed(2));
    const overlap =
      longest > 0
        ? `its longest piece inside the data is ${Number(longest.toFixed(6))} s, not longer than the minimum segment length ${minLength} s of parameters "${paramsName}"`
        : 'it does not overlap the data at all';
    const lower =
      longest > 0
        ? ` To keep it, add parameters with a lower minimum — \`recompute v1 params add ${paramsName}_short --frequency-min ${params.frequencyMin} --frequency-max ${params.frequencyMax} --min-segment-length ${belowLongest}\` — and create with \`--params ${paramsName}_short\`; or use a longer interval.`
        : ' Use an interval inside the raw data valid times (`recompute interval list` shows them).';
    return new RecomputeError({
      code: 'INTERVAL_OUTSIDE_DATA',
      message: `interval list "${intervalListName}" ${JSON.stringify(validTimes)} of ${nwbFileName} cannot be recorded: ${overlap} (raw data valid times ${JSON.stringify(rawValidTimes)}).${lower}`,
      details: { nwbFileName, intervalListName, validTimes, rawValidTimes, minLength, longestPieceSeconds: longest, paramsName },
    });
  },
  paramsUnknown(name: string): RecomputeError {
    return new RecomputeError({
      code: 'PARAMS_UNKNOWN',
      message: `v1 preprocessing parameters "${name}" do not exist (add them with \`recompute v1 params add\`)`,
      details: { name },
    });
  },
  paramsInvalid(name: string, reason: string): RecomputeError {
    return new RecomputeError({
      code: 'PREPROC_PARAMS_INVALID',
      message: `v1 preprocessing parameters "${name}": ${reason}`,
      details: { name },
    });
  },
  teamUnknown(teamName: string): RecomputeError {
    return new RecomputeError({ code: 'TEAM_UNKNOWN', message: `lab team "${teamName}" does not exist`, details: { teamName } });
  },
  recordingIdInvalid(text: string): RecomputeError {
    return new RecomputeError({
      code: 'RECORDING_ID_INVALID',
      message: `"${text}" is not a v1 recording_id (expected a uuid like 01234567-89ab-4cde-8f01-23456789abcd)`,
      details: { text },
    });
  },
  recordingUnknown(recordingId: string): RecomputeError {
    return new RecomputeError({
      code: 'RECORDING_NOT_FOUND',
      message: `v1 recording ${recordingId} does not exist; \`recompute v1 list\` lists the stored recording ids.`,
      details: { recordingId },
    });
  },
  selectionMissing(recordingId: string): RecomputeError {
    return new RecomputeError({
      code: 'V1_SELECTION_MISSING',
      message: `v1 recording ${recordingId} has no SpikeSortingRecordingSelection row: cannot tell how it was made`,
      exitCode: ExitCode.runtime,
      details: { recordingId },
    });
  },
  recordingWithoutHash(recordingId: string): RecomputeError {
    return new RecomputeError({
      code: 'RECORDING_HASH_MISSING',
      message: `v1 recording ${recordingId} already exists for this selection but has no stored hash; run \`recompute v1 update-ids --recording-id ${recordingId}\``,
      details: { recordingId },
    });
  },
  hashFailed(filePath: string, cause: unknown): RecomputeError {
    return new RecomputeError({
      code: 'V1_HASH_FAILED',
      message: `hashing ${filePath} failed: ${cause instanceof Error ? cause.message : String(cause)}`,
      exitCode: ExitCode.runtime,
      details: { filePath },
      cause,
    });
  },
  writerProfileUnknown(name: string, known: readonly string[]): RecomputeError {
    return new RecomputeError({
      code: 'WRITER_PROFILE_UNKNOWN',
      message: `unknown v1 writer profile "${name}" (--writer-profile): use one of ${known.join(', ')}`,
      details: { name, known },
    });
  },
  /** A file no registered writer profile reproduces: never matched, never deleted. */
  noMatchingWriterProfile(filePath: string, closest: string, differences: readonly string[]): RecomputeError {
    return new RecomputeError({
      code: 'NO_MATCHING_WRITER_PROFILE',
      message: `${filePath} matches no v1 writer profile; closest is "${closest}", which differs in: ${differences.join('; ')}`,
      details: { path: filePath, closest, differences },
    });
  },
};
