import { idRanges } from '@spyglass-recompute/common/id-ranges';
import { ExitCode, RecomputeError, type RecomputeErrorCode } from '@spyglass-recompute/errors';

/** The code of each row kind {@link v0Errors.unknownRow} reports (the same codes v1 uses for them). */
const UNKNOWN_ROW_CODES = {
  'nwb file': 'NWB_FILE_UNKNOWN',
  'sort group': 'SORT_GROUP_UNKNOWN',
  'sort interval': 'SORT_INTERVAL_UNKNOWN',
  'preprocessing parameters': 'PARAMS_UNKNOWN',
  'lab team': 'TEAM_UNKNOWN',
  'interval list': 'INTERVAL_UNKNOWN',
} as const satisfies Record<string, RecomputeErrorCode>;

/** Named factories for the v0 pipeline's typed errors; messages name the object and the fix. */
export const v0Errors = {
  unknownRow(what: keyof typeof UNKNOWN_ROW_CODES, key: Record<string, unknown>, hint: string): RecomputeError {
    return new RecomputeError({
      code: UNKNOWN_ROW_CODES[what],
      message: `No ${what} ${JSON.stringify(key)} is registered. ${hint}`,
      details: { key },
    });
  },
  referenceInvalid(nwbFileName: string, sortGroupId: number, referenceId: number, reason: string): RecomputeError {
    return new RecomputeError({
      code: 'REFERENCE_INVALID',
      message: `Sort group ${sortGroupId} of ${nwbFileName} has reference electrode ${referenceId}: ${reason}. Spyglass v0 accepts an electrode id of the file (>= 0) or -2 (global median).`,
      details: { nwbFileName, sortGroupId, referenceId },
    });
  },
  electrodeUnknown(nwbFileName: string, sortGroupId: number, electrodeIds: number[], validIds: readonly number[]): RecomputeError {
    return new RecomputeError({
      code: 'SORT_GROUP_ELECTRODE_UNKNOWN',
      message:
        `Sort group ${sortGroupId} of ${nwbFileName} lists electrode(s) ${electrodeIds.join(', ')} that the file's Electrode table does not have; ` +
        `its electrode ids are ${idRanges(validIds)} (fix it with \`recompute v0 sort-group set ${nwbFileName} ${sortGroupId} --electrodes …\`).`,
      details: { nwbFileName, sortGroupId, electrodeIds, validIds: [...validIds] },
    });
  },
  sortGroupEmpty(nwbFileName: string, sortGroupId: number): RecomputeError {
    return new RecomputeError({
      code: 'SORT_GROUP_EMPTY',
      message: `Sort group ${sortGroupId} of ${nwbFileName} has no electrode besides its reference.`,
      details: { nwbFileName, sortGroupId },
    });
  },
  sortIntervalEmpty(nwbFileName: string, sortIntervalName: string, intervalListName: string): RecomputeError {
    return new RecomputeError({
      code: 'SORT_INTERVAL_EMPTY',
      message: `Sort interval "${sortIntervalName}" of ${nwbFileName} does not overlap the interval list "${intervalListName}": nothing to save.`,
      details: { nwbFileName, sortIntervalName, intervalListName },
    });
  },
  paramsInvalid(name: string, reason: string): RecomputeError {
    return new RecomputeError({
      code: 'PREPROC_PARAMS_INVALID',
      message: `Preprocessing parameters "${name}" are not usable by v0: ${reason}.`,
      details: { preprocParamsName: name },
    });
  },
  rawFileMissing(nwbFileName: string, tried: string[]): RecomputeError {
    return new RecomputeError({
      code: 'RAW_FILE_NOT_FOUND',
      message: `The raw file of ${nwbFileName} is missing (looked at ${tried.join(', ')}). Restore it or fix SPYGLASS_RAW_DIR.`,
      details: { nwbFileName, tried },
    });
  },
  folderInvalid(folder: string, reason: string): RecomputeError {
    return new RecomputeError({
      code: 'V0_FOLDER_INVALID',
      message: `Recording folder ${folder}: ${reason}.`,
      details: { folder },
    });
  },
  keyInvalid(text: string, reason: string): RecomputeError {
    return new RecomputeError({
      code: 'V0_KEY_INVALID',
      message: `"${text}" is not a v0 recording key: ${reason}. Give the recording folder name {nwb_file_name}_{sort_interval_name}_{sort_group_id}_{preproc_params_name}.`,
      details: { text },
    });
  },
  keyAmbiguous(text: string, matches: Record<string, unknown>[]): RecomputeError {
    return new RecomputeError({
      code: 'V0_KEY_AMBIGUOUS',
      message: `"${text}" names ${matches.length} v0 recordings (${matches.map((m) => JSON.stringify(m)).join('; ')}); restrict it with filter flags (e.g. --team).`,
      details: { text, matches },
    });
  },
  recordingWithoutHash(folderName: string, folder: string): RecomputeError {
    return new RecomputeError({
      code: 'RECORDING_HASH_MISSING',
      message: `v0 recording ${folderName} already exists (${folder}) but has no stored hash; run \`recompute v0 update-ids\` while its folder exists.`,
      details: { folderName, folder },
    });
  },
  folderUntracked(folder: string): RecomputeError {
    return new RecomputeError({
      code: 'V0_FOLDER_UNTRACKED',
      message: `${folder} already exists, belongs to no v0 recording row and differs from the folder this recording would get; it was left untouched. Move it away (\`recompute v0 cleanup\` lists such folders) and retry.`,
      details: { folder },
    });
  },
  databaseWriteFailed(folder: string, cause: unknown): RecomputeError {
    return new RecomputeError({
      code: 'RECORDING_REGISTER_FAILED',
      message: `Wrote ${folder} but could not register it (${cause instanceof Error ? cause.message : String(cause)}); the folder was removed.`,
      exitCode: ExitCode.runtime,
      details: { folder },
      cause,
    });
  },
  folderInUse(folder: string, ownerTeam: string): RecomputeError {
    return new RecomputeError({
      code: 'V0_FOLDER_IN_USE',
      message: `${folder} already belongs to the v0 recording of team "${ownerTeam}" (v0 folder names do not include the team); use that recording or another sort interval/params name.`,
      details: { folder, ownerTeam },
    });
  },
  recordingNotFound(text: string): RecomputeError {
    return new RecomputeError({
      code: 'RECORDING_NOT_FOUND',
      message: `No v0 recording "${text}" is stored. \`recompute v0 list\` lists the stored recordings by folder name.`,
      details: { key: text },
    });
  },
  folderVersionsInvalid(folder: string, versions: string[]): RecomputeError {
    return new RecomputeError({
      code: 'V0_FOLDER_VERSIONS_INVALID',
      message: `Recording folder ${folder}: expected exactly one spikeinterface version in its JSON, found ${versions.length === 0 ? 'none' : versions.join(', ')}.`,
      details: { folder, versions },
    });
  },
  /** `segment` is shorter than scipy's `sosfiltfilt` padding (`minSamples`). */
  segmentTooShort(folderName: string, segment: number, samples: number, minSamples: number): RecomputeError {
    return new RecomputeError({
      code: 'SEGMENT_TOO_SHORT',
      message: `${folderName}: segment ${segment} has ${samples} samples; filtering needs at least ${minSamples} (scipy sosfiltfilt padlen)`,
      details: { folder: folderName, segment, samples },
    });
  },
  folderWriteAborted(): RecomputeError {
    return new RecomputeError({ code: 'REGENERATION_ABORTED', message: 'recording folder write was aborted', exitCode: ExitCode.runtime });
  },
  writerProfileUnknown(name: string, known: string[]): RecomputeError {
    return new RecomputeError({
      code: 'WRITER_PROFILE_UNKNOWN',
      message: `unknown v0 writer profile "${name}" (--writer-profile): use one of ${known.join(', ')}`,
      details: { name, known },
    });
  },
  noWriterProfileRegistered(): RecomputeError {
    return new RecomputeError({ code: 'NO_MATCHING_WRITER_PROFILE', message: 'no v0 writer profile is registered' });
  },
  noMatchingWriterProfile(folder: string, closest: string, differences: string[]): RecomputeError {
    return new RecomputeError({
      code: 'NO_MATCHING_WRITER_PROFILE',
      message: `${folder} matches no v0 writer profile; closest is "${closest}", which differs in: ${differences.join('; ')}`,
      details: { path: folder, closest, differences },
    });
  },
};
