/**
 * Exit codes of the `recompute` CLI contract (`shared/spec/cli.md`).
 * 1 runtime failure · 2 bad usage or bad input · 4 verification failed.
 */
export const ExitCode = {
  runtime: 1,
  badInput: 2,
  verificationFailed: 4,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

/** One row of {@link errorCodes}. */
export interface ErrorCodeEntry {
  /** The exit code an error with this code ends the CLI with. */
  readonly exitCode: ExitCode;
  /**
   * Other exit codes a throw site may choose, for the rare failure that is the user's input in one
   * context and a runtime failure in another (a SQLite path vs a server that does not answer).
   */
  readonly alsoExitsWith?: readonly ExitCode[];
  /** The docs line: what went wrong, in one sentence (the message itself names the object and the fix). */
  readonly summary: string;
}

const { runtime, badInput, verificationFailed } = ExitCode;

/**
 * The closed list of error codes `recompute` prints (`{"error": {"code": ...}}` with `--json`).
 * Codes are a public interface: never rename one; add a code with one line here (SCREAMING_SNAKE_CASE,
 * named after what is wrong, not where) and a factory in the throwing package's `*Errors.ts`.
 * One failure has one code: reuse the existing code rather than adding a synonym.
 */
export const errorCodes = {
  // Command line
  USAGE: { exitCode: badInput, summary: 'A flag or argument is missing, unknown or malformed (oclif parse error).' },
  COMMAND_NOT_FOUND: { exitCode: badInput, summary: 'No `recompute` command has this name.' },
  FLAG_INVALID: { exitCode: badInput, summary: 'A flag value does not parse (list, rounding, duration, …).' },
  CONFIRMATION_REQUIRED: { exitCode: badInput, summary: 'A destructive command needs `--yes`.' },
  WORKERS_NEED_SERVER: { exitCode: badInput, summary: '`--workers` above 1 needs a MySQL/MariaDB database.' },
  WORKER_FAILED: { exitCode: runtime, summary: 'A `run --workers` worker process exited without a result.' },
  WORKERS_FAILED: {
    exitCode: runtime,
    alsoExitsWith: [badInput, verificationFailed],
    summary: 'Several `run --workers` workers failed with different codes (details list each; their exit code when they share one).',
  },
  DEMO_DIR_NOT_EMPTY: { exitCode: badInput, summary: '`recompute demo --dir` names a directory that is not empty.' },
  DEMO_NOT_REPRODUCIBLE: { exitCode: verificationFailed, summary: 'The demo regenerated a recording that does not match its original.' },
  TEST_BACKEND_UNKNOWN: { exitCode: badInput, summary: 'RECOMPUTE_TEST_BACKENDS names a backend the test helpers do not know.' },

  // Database
  DB_URL_INVALID: { exitCode: badInput, summary: 'The database URL (RECOMPUTE_DB_URL / --db) is malformed.' },
  DB_URL_UNSUPPORTED_SCHEME: { exitCode: badInput, summary: 'The database URL uses a scheme other than mysql, mariadb or sqlite.' },
  DB_NOT_FOUND: { exitCode: badInput, summary: 'The database does not exist yet (`recompute db migrate` creates it).' },
  DB_NOT_MIGRATED: { exitCode: badInput, summary: 'The database has pending migrations (`recompute db migrate`).' },
  DB_UNREACHABLE: {
    exitCode: runtime,
    alsoExitsWith: [badInput],
    summary: 'The database server does not answer (exit 1), or the SQLite file cannot be opened (exit 2).',
  },
  DB_AUTH_FAILED: { exitCode: badInput, summary: 'The database refused the user or password.' },
  DB_CONNECTION_FAILED: {
    exitCode: badInput,
    summary: 'Connecting to the database failed for another reason (the driver code is in details).',
  },
  DB_READ_ONLY: { exitCode: runtime, summary: 'The SQLite database or its directory is not writable.' },
  DB_LOST: { exitCode: runtime, summary: 'The database connection or the database itself went away while the command ran.' },
  DB_SCHEMA_MISSING: { exitCode: runtime, summary: 'The recompute tables disappeared while the command ran.' },
  DB_MIGRATION_FAILED: { exitCode: runtime, summary: 'A schema migration failed.' },
  DB_LAYOUT_UNSUPPORTED: { exitCode: badInput, summary: '`--layout spyglass` needs a DataJoint MySQL/MariaDB server.' },
  SPYGLASS_SCHEMA_MISSING: { exitCode: badInput, summary: 'The server holds no Spyglass database (with the given schema prefix).' },
  SPYGLASS_COLLATION_MIXED: {
    exitCode: badInput,
    summary:
      'The v0 and v1 recording tables differ in collation, so new recompute tables cannot match both (`db migrate --layout spyglass`).',
  },
  SPYGLASS_MAPPING_MISSING: {
    exitCode: runtime,
    summary: 'An entity or column has no mapping onto the Spyglass tables: a bug in recompute (please report).',
  },
  STORE_LOCATION_INVALID: {
    exitCode: badInput,
    summary: 'A recorded DataJoint store location (`RECOMPUTE_STORE_LOCATION_*`) is not an absolute path.',
  },
  JOBS_SCHEMA_INVALID: { exitCode: badInput, summary: "A schema's `~jobs` table is not DataJoint's (reserve-jobs cannot share it)." },
  UUID_INVALID: { exitCode: badInput, summary: 'A value is not a uuid, or a uuid column is not 16 bytes.' },
  BLOB_INVALID: { exitCode: badInput, summary: 'Bytes that should be a DataJoint blob are not one.' },
  BLOB_UNSUPPORTED: { exitCode: badInput, summary: 'A DataJoint blob holds a type recompute does not read or write.' },
  BLOB_VALUE_INVALID: { exitCode: badInput, summary: 'A value cannot be stored in a DataJoint blob column of this shape.' },
  EXTERNAL_STORE_UNKNOWN: { exitCode: badInput, summary: 'A DataJoint external store has no configured location.' },
  EXTERNAL_PATH_INVALID: { exitCode: badInput, summary: 'A DataJoint external filepath is not inside its store.' },
  EXTERNAL_ROW_MISSING: { exitCode: badInput, summary: 'A file is not registered in its DataJoint ~external table.' },

  // Environments
  ENV_NOT_FOUND: { exitCode: badInput, summary: 'No stored environment has this env id.' },
  ENV_NOT_CURRENT: { exitCode: badInput, summary: '`--env-id` names an environment other than the current one.' },
  ENV_ID_INVALID: { exitCode: badInput, summary: 'An env id given with `--id` is not a valid DataJoint env id.' },
  ENV_ID_TAKEN: { exitCode: badInput, summary: 'The env id is taken by a different environment.' },
  ENV_ALREADY_STORED: { exitCode: badInput, summary: 'This environment is already stored under another env id.' },
  ENV_ID_CONTENTION: { exitCode: runtime, summary: 'Concurrent writers kept taking the env ids this environment would get.' },
  ENV_PACKAGE_NOT_FOUND: { exitCode: badInput, summary: 'The directory to capture an environment from has no package.json.' },
  ENV_MANIFEST_UNREADABLE: { exitCode: badInput, summary: 'A manifest needed to capture the environment cannot be read.' },

  // Data roots and paths
  DATA_ROOT_UNAVAILABLE: { exitCode: badInput, summary: 'A configured data root (SPYGLASS_*_DIR) is missing, unmounted or not writable.' },
  PATH_OUTSIDE_DATA_ROOTS: { exitCode: badInput, summary: 'A path to write or delete is outside every configured data root.' },
  UNSAFE_NAME: { exitCode: badInput, summary: 'A name used in a file path contains characters or parts that are not safe there.' },

  // Hashing
  FILE_NOT_FOUND: { exitCode: badInput, summary: 'An input file or directory does not exist or cannot be read.' },
  NOT_A_FILE: { exitCode: badInput, summary: 'An input that must be a file is a directory or a special file.' },
  NOT_A_DIRECTORY: { exitCode: badInput, summary: 'An input that must be a directory is not one.' },
  NOT_HDF5: { exitCode: badInput, summary: 'A file that must be HDF5 (to hash, or to ingest as NWB) is not one.' },
  HDF5_CORRUPT: { exitCode: badInput, summary: 'HDF5 failed while reading a file that opened: it is truncated or damaged.' },
  HDF5_TIMEOUT: { exitCode: badInput, summary: 'Reading an HDF5 file hung past the watchdog timeout.' },
  HASH_UNSUPPORTED_OBJECT: { exitCode: badInput, summary: "An HDF5 object Spyglass's hasher raises on, so no reference digest exists." },
  HASH_UNSUPPORTED_FILE: { exitCode: badInput, summary: "A file Spyglass's directory hasher cannot hash (.npz, object-dtype .npy)." },
  HASH_INVALID_OPTION: { exitCode: badInput, summary: 'A hashing option (rounding, batch size, …) is out of range.' },
  JSON_INVALID: { exitCode: badInput, summary: 'A JSON file in a recording folder does not parse as Python json would.' },
  NPY_INVALID: { exitCode: badInput, summary: 'A .npy file is not readable.' },

  // Raw NWB files and ingest
  RAW_FILE_NOT_FOUND: { exitCode: badInput, summary: 'A raw NWB file does not exist.' },
  RAW_FILE_UNREADABLE: { exitCode: badInput, summary: 'A raw NWB file cannot be opened as HDF5.' },
  RAW_COPY_FAILED: { exitCode: runtime, summary: 'Copying a raw NWB file into the raw data root failed.' },
  RAW_SERIES_NOT_FOUND: { exitCode: badInput, summary: 'The named acquisition series does not exist in the raw file.' },
  RAW_AMBIGUOUS_SERIES: { exitCode: badInput, summary: 'The raw file has several acquisition ElectricalSeries and none was chosen.' },
  RAW_NOT_ELECTRICAL_SERIES: {
    exitCode: badInput,
    summary: 'The raw file has no (or the named object is not an) acquisition ElectricalSeries.',
  },
  RAW_DATA_MISSING: { exitCode: badInput, summary: 'The raw ElectricalSeries has no data dataset.' },
  RAW_DTYPE_UNSUPPORTED: { exitCode: badInput, summary: 'The raw data is not int16.' },
  RAW_TIMESTAMPS_MISSING: { exitCode: badInput, summary: 'The raw ElectricalSeries has no timestamps dataset.' },
  RAW_TIMESTAMPS_MISMATCH: { exitCode: badInput, summary: 'The raw timestamps and data have different lengths.' },
  RAW_ELECTRODES_COLUMN_MISSING: { exitCode: badInput, summary: 'The electrodes table lacks a column the reader needs.' },
  RAW_READ_FAILED: { exitCode: runtime, summary: 'Reading raw data rows failed (e.g. the buffer could not be allocated).' },
  ELECTRODE_NOT_IN_FILE: { exitCode: badInput, summary: 'An electrode id is not recorded by the raw series.' },
  SAMPLE_RANGE_OUT_OF_BOUNDS: {
    exitCode: badInput,
    summary: 'A sample range lies outside the raw series (or the recording to preprocess).',
  },
  NWB_NOT_NWB: { exitCode: badInput, summary: 'A file given as NWB is HDF5 but not NWB.' },
  NWB_NO_ELECTRODES: { exitCode: badInput, summary: 'An NWB file has no usable electrodes table.' },
  NWB_ELECTRODE_GROUP_UNKNOWN: { exitCode: badInput, summary: 'An electrode names an electrode group the file does not define.' },
  NWB_ELECTRODE_ID_DUPLICATE: { exitCode: badInput, summary: 'An electrode id appears twice in the electrodes table.' },
  NWB_NAME_TOO_LONG: { exitCode: badInput, summary: "An NWB file name is longer than Spyglass's nwb_file_name column." },
  NWB_NAME_CONFLICT: { exitCode: badInput, summary: 'A different NWB file with the same name is already registered or placed.' },
  NWB_FILE_UNKNOWN: { exitCode: badInput, summary: 'An NWB file is not registered (`recompute ingest` it first).' },
  NWB_READ_FAILED: { exitCode: badInput, summary: 'Reading the recording source from an NWB file failed.' },
  NWB_RECORDING_INVALID: { exitCode: badInput, summary: 'An NWB file does not describe a recording spikeinterface can load.' },

  // Intervals, sort groups, parameters, teams
  INTERVAL_INVALID: { exitCode: badInput, summary: 'An interval (list) has invalid times or name.' },
  INTERVAL_EXISTS: { exitCode: badInput, summary: 'An interval list of that name exists with different times.' },
  INTERVAL_UNKNOWN: { exitCode: badInput, summary: 'An interval list does not exist.' },
  INTERVAL_MISSING: { exitCode: badInput, summary: 'Preprocessing was given neither intervals nor sample ranges.' },
  INTERVAL_OUTSIDE_DATA: {
    exitCode: badInput,
    summary:
      "An interval selects no usable raw data: it does not overlap the recording, or no piece inside it is longer than the parameters' minimum segment length.",
  },
  SORT_INTERVAL_UNKNOWN: { exitCode: badInput, summary: 'A v0 sort interval does not exist.' },
  SORT_INTERVAL_EMPTY: { exitCode: badInput, summary: 'A v0 sort interval has no valid piece inside the data.' },
  SORT_GROUP_UNKNOWN: { exitCode: badInput, summary: 'A sort group does not exist.' },
  SORT_GROUP_EMPTY: { exitCode: badInput, summary: 'A sort group has no electrodes besides its reference.' },
  SORT_GROUP_ELECTRODE_UNKNOWN: { exitCode: badInput, summary: 'A sort group names electrodes the NWB file does not have.' },
  SORT_GROUP_ELECTRODES_INVALID: { exitCode: badInput, summary: 'The electrode list of a sort group is malformed.' },
  SORT_GROUP_REFERENCE_INVALID: { exitCode: badInput, summary: 'The reference of a sort group is not a valid electrode id, -1 or -2.' },
  SORT_GROUP_IN_USE: { exitCode: badInput, summary: 'A sort group cannot change while recording selections use it.' },
  PARAMS_UNKNOWN: { exitCode: badInput, summary: 'A v1 preprocessing parameter set does not exist.' },
  PREPROC_PARAMS_INVALID: {
    exitCode: badInput,
    summary: 'Preprocessing parameters to add, or a stored parameter set to use, are invalid.',
  },
  PREPROC_PARAMS_EXIST: { exitCode: badInput, summary: 'A preprocessing parameter set of that name exists with different values.' },
  TEAM_UNKNOWN: { exitCode: badInput, summary: 'A lab team does not exist.' },

  // Preprocessing (filters, segments, workers)
  SAMPLING_FREQUENCY_INVALID: { exitCode: badInput, summary: 'A sampling frequency is not a positive finite number.' },
  TIMESTAMPS_TOO_FEW: { exitCode: badInput, summary: 'A series has too few timestamps to derive or estimate a sampling rate.' },
  FILTER_FREQ_INVALID: { exitCode: badInput, summary: 'Band-pass frequencies do not satisfy 0 < min < max.' },
  FILTER_FREQ_ABOVE_NYQUIST: { exitCode: badInput, summary: 'The band-pass upper frequency is not below the Nyquist frequency.' },
  FILTER_ORDER_INVALID: { exitCode: badInput, summary: 'A filter order is out of range.' },
  FILTER_PARAMS_INVALID: { exitCode: badInput, summary: 'spikeinterface band-pass parameters are out of range.' },
  FILTER_DESIGN_FAILED: { exitCode: runtime, summary: 'The filter design met a numerical case it cannot pair (please report).' },
  FILTER_WORKER_FAILED: { exitCode: runtime, summary: 'A filter worker thread failed or crashed.' },
  WORKER_SCRIPT_MISSING: { exitCode: runtime, summary: 'A worker script is not built.' },
  SPILL_READ_FAILED: { exitCode: runtime, summary: 'A temporary spill file ended early.' },
  REFERENCE_INVALID: { exitCode: badInput, summary: 'A reference electrode id is not valid for this pipeline.' },
  SEGMENT_EMPTY: { exitCode: badInput, summary: 'A segment has no samples.' },
  SEGMENT_TOO_SHORT: { exitCode: badInput, summary: "A segment or chunk is too short to filter (scipy's padlen)." },
  TRACES_INVALID: {
    exitCode: badInput,
    alsoExitsWith: [runtime],
    summary: 'Trace chunks do not match the recording layout (exit 1 when our own chunk stream is out of order).',
  },
  TIMES_INVALID: { exitCode: badInput, summary: 'Time vectors do not match the segment they belong to.' },
  SEGMENTS_INVALID: { exitCode: badInput, summary: 'The segments given do not match the recording.' },

  // v0 recording folders (spikeinterface)
  CHANNEL_SLICE_INVALID: {
    exitCode: badInput,
    summary: 'A channel slice names channels the recording does not have (or v0 cannot slice it).',
  },
  FRAME_SLICE_INVALID: { exitCode: badInput, summary: 'A frame slice is empty, out of range or over several segments.' },
  APPEND_RECORDINGS_INVALID: { exitCode: badInput, summary: 'Recordings to append differ in dtype or channels, or there are none.' },
  PROBE_INVALID: { exitCode: badInput, summary: 'Probe geometry or contact vectors are invalid.' },
  ELECTRODE_PROBE_MISSING: { exitCode: badInput, summary: 'An electrode has no probe type or electrode group.' },
  RECORDING_DTYPE_UNSUPPORTED: { exitCode: badInput, summary: 'A v0 folder holds int16 traces and the recording has another dtype.' },
  RECORDING_TIMING_INVALID: { exitCode: badInput, summary: 'Segments mix time vectors and start times.' },
  PLATFORM_UNSUPPORTED: { exitCode: runtime, summary: 'The host is big-endian; the folder writer needs little-endian.' },
  FOLDER_EXISTS: { exitCode: badInput, summary: 'A recording folder already exists (or appeared while being written).' },
  FOLDER_WRITE_FAILED: { exitCode: runtime, summary: 'Writing a recording folder failed.' },
  V0_KEY_INVALID: { exitCode: badInput, summary: 'Text given as a v0 recording key does not parse.' },
  V0_KEY_AMBIGUOUS: { exitCode: badInput, summary: 'A v0 recording key names several recordings.' },
  V0_FOLDER_INVALID: { exitCode: badInput, summary: 'A v0 recording folder is malformed.' },
  V0_FOLDER_VERSIONS_INVALID: { exitCode: badInput, summary: 'A v0 recording folder does not name exactly one spikeinterface version.' },
  V0_FOLDER_IN_USE: { exitCode: badInput, summary: "A v0 recording folder belongs to another team's recording." },
  V0_FOLDER_UNTRACKED: { exitCode: badInput, summary: 'A v0 recording folder exists without a row and differs from the one to write.' },

  // v1 analysis NWB files
  RECORDING_ID_INVALID: { exitCode: badInput, summary: 'Text given as a v1 recording_id is not a uuid.' },
  V1_SELECTION_INVALID: { exitCode: badInput, summary: 'A v1 recording selection cannot be made or regenerated as given.' },
  V1_SELECTION_MISSING: { exitCode: runtime, summary: 'A v1 recording has no SpikeSortingRecordingSelection row.' },
  V1_SERIES_NOT_FOUND: { exitCode: badInput, summary: 'A v1 analysis file has no (or not the stored) ElectricalSeries.' },
  V1_FILE_UNREADABLE: { exitCode: runtime, summary: 'A v1 analysis file cannot be opened as HDF5.' },
  V1_HASH_FAILED: { exitCode: runtime, summary: 'Hashing a v1 analysis file failed.' },
  OUTPUT_EXISTS: { exitCode: badInput, summary: 'An output file already exists (or appeared while being written).' },
  NWB_WRITE_FAILED: {
    exitCode: badInput,
    alsoExitsWith: [runtime],
    summary: 'Writing an analysis NWB file failed: the raw layout does not allow it (exit 2), or the writer failed (exit 1).',
  },
  NWB_SERIES_INPUT_INVALID: { exitCode: badInput, summary: 'The data given for a ProcessedElectricalSeries is inconsistent.' },
  NWB_COPY_UNSUPPORTED: { exitCode: runtime, summary: 'An object of the raw file cannot be copied into the analysis file.' },
  NWB_HEADER_PATCH_FAILED: { exitCode: runtime, summary: 'Patching an HDF5 object header failed (please report).' },
  NWB_ENUM_PATCH_FAILED: { exitCode: runtime, summary: 'Writing an enum placeholder failed (please report).' },
  WRITER_PROFILE_UNKNOWN: { exitCode: badInput, summary: '`--writer-profile` names no registered writer profile.' },
  NO_MATCHING_WRITER_PROFILE: { exitCode: badInput, summary: 'No registered writer profile reproduces this file or folder.' },

  // Recompute engine
  RECORDING_NOT_FOUND: { exitCode: badInput, summary: 'No stored recording has this key.' },
  RECORDING_HASH_MISSING: { exitCode: badInput, summary: 'The recording exists but has no stored hash (`update-ids`).' },
  RECORDING_REGISTER_FAILED: { exitCode: runtime, summary: 'A written recording could not be registered in the database.' },
  RESTRICTION_MATCHES_NOTHING: { exitCode: badInput, summary: 'The filter flags match no recording.' },
  XFAIL_REASON_UNKNOWN: { exitCode: badInput, summary: '`--skip-xfail` names an unknown expected-failure reason.' },
  ORIGINAL_MISSING: {
    exitCode: badInput,
    summary: 'The original of an attempted recording is missing, so there is nothing to compare with.',
  },
  ORIGINALS_ALL_MISSING: { exitCode: badInput, summary: 'Every original to delete is already missing (an unmounted data root?).' },
  ALREADY_DELETED: { exitCode: badInput, summary: 'The matched files selected for deletion are already deleted.' },
  DELETION_TOO_LARGE: { exitCode: badInput, summary: 'A deletion exceeds the configured file or byte limits.' },
  HASH_NOT_STORED: { exitCode: verificationFailed, summary: 'A regenerated recording cannot be verified: no hash is stored.' },
  REGENERATED_HASH_MISMATCH: { exitCode: verificationFailed, summary: 'A regenerated recording does not match its stored hash.' },
  REGENERATION_FAILED: { exitCode: runtime, summary: 'Regenerating a recording failed.' },
  REGENERATION_TIMEOUT: { exitCode: runtime, summary: 'Regenerating a recording took longer than the timeout.' },
  REGENERATION_ABORTED: { exitCode: runtime, summary: 'Regenerating a recording was aborted.' },

  // Our own bugs
  INTERNAL_INVARIANT: { exitCode: runtime, summary: 'An internal assumption broke: a bug in recompute (please report).' },
  INTERNAL: { exitCode: runtime, summary: 'An unexpected error that is not a typed recompute error: a bug (please report).' },
} as const satisfies Record<string, ErrorCodeEntry>;

/** Every error code `recompute` can print; a code not in {@link errorCodes} does not compile. */
export type RecomputeErrorCode = keyof typeof errorCodes;

/** The exit codes a throw site may give an error with code `C` (the table's, plus its `alsoExitsWith`). */
export type ExitCodeOf<C extends RecomputeErrorCode> = C extends RecomputeErrorCode
  ? (typeof errorCodes)[C] extends { readonly alsoExitsWith: readonly (infer Also)[] }
    ? (typeof errorCodes)[C]['exitCode'] | Also
    : (typeof errorCodes)[C]['exitCode']
  : never;

/** True when `value` is a code of the closed list (for codes that crossed a process or thread boundary). */
export function isRecomputeErrorCode(value: unknown): value is RecomputeErrorCode {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(errorCodes, value);
}

/** True when a throw site may end the CLI with `exitCode` for `code` (its table exit code or an `alsoExitsWith` one). */
export function allowsExitCode(code: RecomputeErrorCode, exitCode: number): boolean {
  const entry: ErrorCodeEntry = errorCodes[code];
  return entry.exitCode === exitCode || (entry.alsoExitsWith ?? []).some((also) => also === exitCode);
}
