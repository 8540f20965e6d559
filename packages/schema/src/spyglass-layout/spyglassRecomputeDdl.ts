/**
 * What the recompute upgrade adds to a Spyglass database, as DataJoint 0.14.9 declares it from
 * Spyglass's own table definitions (`common_user.UserEnvironment`, `spikesorting.v0.recompute`,
 * `spikesorting.v1.recompute`, and the `hash`/`electrodes_id` attributes of the recording
 * tables). The DDL is the server's rendering of DataJoint's declaration, as in the fixture
 * dump `shared/fixtures/spyglass-db/short.sql`: running it gives the same `SHOW CREATE TABLE`.
 * `{common_user}`-style placeholders stand for (possibly prefixed) schema names.
 */

/** A column the recompute upgrade adds to an upstream table (`alter()` in Spyglass's migration). */
export interface SpyglassRecomputeColumn {
  schema: string;
  table: string;
  column: string;
  /** Column definition as DataJoint declares it. */
  definition: string;
  /** The column it follows in Spyglass's definition. */
  after: string;
}

/** A table the recompute upgrade declares. */
export interface SpyglassRecomputeTable {
  schema: string;
  table: string;
  /** `CREATE TABLE` body after the table name, with `{schema}` placeholders for referenced schemas. */
  body: string;
}

/** Upstream tables the recompute life cycle reads and that every Spyglass database has. */
export const SPYGLASS_UPSTREAM_TABLES: ReadonlyArray<{ schema: string; table: string }> = [
  { schema: 'common_nwbfile', table: 'nwbfile' },
  { schema: 'common_nwbfile', table: 'analysis_nwbfile' },
  { schema: 'common_nwbfile', table: '~external_raw' },
  { schema: 'common_nwbfile', table: '~external_analysis' },
  { schema: 'common_interval', table: 'interval_list' },
  { schema: 'spikesorting_recording', table: 'sort_group' },
  { schema: 'spikesorting_recording', table: 'spike_sorting_recording_selection' },
  { schema: 'spikesorting_recording', table: '__spike_sorting_recording' },
  { schema: 'spikesorting_v1_recording', table: 'sort_group' },
  { schema: 'spikesorting_v1_recording', table: 'spike_sorting_recording_selection' },
  { schema: 'spikesorting_v1_recording', table: '__spike_sorting_recording' },
];

/** Columns the upgrade adds (Spyglass's `SpikeSortingRecording.alter()` for v0 and v1). */
export const SPYGLASS_RECOMPUTE_COLUMNS: readonly SpyglassRecomputeColumn[] = [
  {
    schema: 'spikesorting_recording',
    table: '__spike_sorting_recording',
    column: 'hash',
    definition: "char(32) DEFAULT NULL COMMENT 'hash of the directory'",
    after: 'sort_interval_list_name',
  },
  {
    schema: 'spikesorting_v1_recording',
    table: '__spike_sorting_recording',
    column: 'electrodes_id',
    definition: "varchar(40) DEFAULT NULL COMMENT 'Object ID for the processed electrodes'",
    after: 'object_id',
  },
  {
    schema: 'spikesorting_v1_recording',
    table: '__spike_sorting_recording',
    column: 'hash',
    definition: "varchar(32) DEFAULT NULL COMMENT 'Hash of the NWB file'",
    after: 'electrodes_id',
  },
];

const TABLE_OPTIONS = 'ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci';
const V0_KEY_COLUMNS = `  \`nwb_file_name\` varchar(64) NOT NULL COMMENT 'name of the NWB file',
  \`sort_group_id\` int(11) NOT NULL COMMENT 'identifier for a group of electrodes',
  \`sort_interval_name\` varchar(64) NOT NULL COMMENT 'name for this interval',
  \`preproc_params_name\` varchar(32) NOT NULL,
  \`team_name\` varchar(80) NOT NULL,`;
const V0_KEY = '`nwb_file_name`, `sort_group_id`, `sort_interval_name`, `preproc_params_name`, `team_name`';
const V0_PK = V0_KEY.replace(/, /g, ',');
const ENV_ID = "  `env_id` varchar(127) NOT NULL COMMENT 'Unique environment identifier',";
const V1_ID = "  `recording_id` binary(16) NOT NULL COMMENT ':uuid:',";
const ROUNDING = "  `rounding` int(11) NOT NULL COMMENT 'rounding for float ElectricalSeries',";
const V1_KEY = '`recording_id`, `env_id`, `rounding`';

/** DataJoint's per-schema event log, declared with the schema. */
export const DATAJOINT_LOG_TABLE_BODY = `(
  \`id\` int(10) unsigned NOT NULL AUTO_INCREMENT COMMENT 'event order id',
  \`timestamp\` timestamp NOT NULL DEFAULT current_timestamp() COMMENT 'event timestamp',
  \`version\` varchar(12) NOT NULL COMMENT 'datajoint version',
  \`user\` varchar(255) NOT NULL COMMENT 'user@host',
  \`host\` varchar(255) NOT NULL DEFAULT '' COMMENT 'system hostname',
  \`event\` varchar(255) NOT NULL DEFAULT '' COMMENT 'event message',
  PRIMARY KEY (\`id\`)
) ${TABLE_OPTIONS} COMMENT='event logging table for \`{self}\`'`;

/** The recompute tables in declaration order (referenced tables first). */
export const SPYGLASS_RECOMPUTE_TABLES: readonly SpyglassRecomputeTable[] = [
  {
    schema: 'common_user',
    table: 'user_environment',
    body: `(
  \`env_id\` varchar(127) NOT NULL COMMENT 'Unique environment identifier',
  \`env_hash\` char(32) NOT NULL COMMENT 'MD5 hash of the environment',
  \`env\` blob NOT NULL COMMENT 'Conda environment',
  \`timestamp\` timestamp NOT NULL DEFAULT current_timestamp() COMMENT 'Automatic timestamp',
  \`has_editable\` tinyint(1) NOT NULL DEFAULT 0 COMMENT 'Whether the environment has editable installs',
  PRIMARY KEY (\`env_id\`),
  UNIQUE KEY \`env_hash\` (\`env_hash\`)
) ${TABLE_OPTIONS} COMMENT='User conda env. Default ID is User_CondaEnv_00'`,
  },
  {
    schema: 'spikesorting_recompute_v0',
    table: '__recording_recompute_versions',
    body: `(
${V0_KEY_COLUMNS}
  \`spikeinterface\` varchar(16) NOT NULL,
  \`probeinterface\` varchar(16) NOT NULL,
  PRIMARY KEY (${V0_PK}),
  CONSTRAINT \`__recording_recompute_versions_ibfk_1\` FOREIGN KEY (${V0_KEY}) REFERENCES \`{spikesorting_recording}\`.\`__spike_sorting_recording\` (${V0_KEY}) ON UPDATE CASCADE
) ${TABLE_OPTIONS}`,
  },
  {
    schema: 'spikesorting_recompute_v0',
    table: 'recording_recompute_selection',
    body: `(
${V0_KEY_COLUMNS}
${ENV_ID}
  \`logged_at_creation\` tinyint(1) NOT NULL DEFAULT 0,
  \`xfail_reason\` varchar(127) DEFAULT NULL,
  PRIMARY KEY (${V0_PK},\`env_id\`),
  KEY \`env_id\` (\`env_id\`),
  CONSTRAINT \`recording_recompute_selection_ibfk_1\` FOREIGN KEY (${V0_KEY}) REFERENCES \`__recording_recompute_versions\` (${V0_KEY}) ON UPDATE CASCADE,
  CONSTRAINT \`recording_recompute_selection_ibfk_2\` FOREIGN KEY (\`env_id\`) REFERENCES \`{common_user}\`.\`user_environment\` (\`env_id\`) ON UPDATE CASCADE
) ${TABLE_OPTIONS}`,
  },
  {
    schema: 'spikesorting_recompute_v0',
    table: '__recording_recompute',
    body: `(
${V0_KEY_COLUMNS}
${ENV_ID}
  \`matched\` tinyint(1) NOT NULL,
  \`err_msg\` varchar(255) DEFAULT NULL,
  \`created_at\` datetime DEFAULT NULL COMMENT 'Timestamp when the original file was created',
  \`deleted\` tinyint(1) NOT NULL DEFAULT 0 COMMENT 'whether the old file has been deleted after a match',
  PRIMARY KEY (${V0_PK},\`env_id\`),
  CONSTRAINT \`__recording_recompute_ibfk_1\` FOREIGN KEY (${V0_KEY}, \`env_id\`) REFERENCES \`recording_recompute_selection\` (${V0_KEY}, \`env_id\`) ON UPDATE CASCADE
) ${TABLE_OPTIONS}`,
  },
  {
    schema: 'spikesorting_recompute_v0',
    table: '__recording_recompute__hash',
    body: `(
${V0_KEY_COLUMNS}
${ENV_ID}
  \`name\` varchar(255) NOT NULL,
  PRIMARY KEY (${V0_PK},\`env_id\`,\`name\`),
  CONSTRAINT \`__recording_recompute__hash_ibfk_1\` FOREIGN KEY (${V0_KEY}, \`env_id\`) REFERENCES \`__recording_recompute\` (${V0_KEY}, \`env_id\`) ON UPDATE CASCADE
) ${TABLE_OPTIONS} COMMENT='File hashes that differ between old and new versions'`,
  },
  {
    schema: 'spikesorting_recompute_v0',
    table: '__recording_recompute__name',
    body: `(
${V0_KEY_COLUMNS}
${ENV_ID}
  \`name\` varchar(255) NOT NULL,
  \`missing_from\` enum('old','new') NOT NULL,
  PRIMARY KEY (${V0_PK},\`env_id\`,\`name\`,\`missing_from\`),
  CONSTRAINT \`__recording_recompute__name_ibfk_1\` FOREIGN KEY (${V0_KEY}, \`env_id\`) REFERENCES \`__recording_recompute\` (${V0_KEY}, \`env_id\`) ON UPDATE CASCADE
) ${TABLE_OPTIONS} COMMENT='File names missing from old or new versions'`,
  },
  {
    schema: 'spikesorting_v1_recompute',
    table: '__recording_recompute_versions',
    body: `(
${V1_ID}
  \`nwb_deps\` blob DEFAULT NULL,
  PRIMARY KEY (\`recording_id\`),
  CONSTRAINT \`__recording_recompute_versions_ibfk_1\` FOREIGN KEY (\`recording_id\`) REFERENCES \`{spikesorting_v1_recording}\`.\`__spike_sorting_recording\` (\`recording_id\`) ON UPDATE CASCADE
) ${TABLE_OPTIONS}`,
  },
  {
    schema: 'spikesorting_v1_recompute',
    table: 'recording_recompute_selection',
    body: `(
${V1_ID}
${ENV_ID}
  \`rounding\` int(11) NOT NULL DEFAULT 4 COMMENT 'rounding for float ElectricalSeries',
  \`logged_at_creation\` tinyint(1) NOT NULL DEFAULT 0 COMMENT 'whether the attempt was logged at creation',
  \`xfail_reason\` varchar(127) DEFAULT NULL COMMENT 'reason for expected failure, if any',
  PRIMARY KEY (\`recording_id\`,\`env_id\`,\`rounding\`),
  KEY \`env_id\` (\`env_id\`),
  CONSTRAINT \`recording_recompute_selection_ibfk_1\` FOREIGN KEY (\`recording_id\`) REFERENCES \`__recording_recompute_versions\` (\`recording_id\`) ON UPDATE CASCADE,
  CONSTRAINT \`recording_recompute_selection_ibfk_2\` FOREIGN KEY (\`env_id\`) REFERENCES \`{common_user}\`.\`user_environment\` (\`env_id\`) ON UPDATE CASCADE
) ${TABLE_OPTIONS}`,
  },
  {
    schema: 'spikesorting_v1_recompute',
    table: '__recording_recompute',
    body: `(
${V1_ID}
${ENV_ID}
${ROUNDING}
  \`matched\` tinyint(1) NOT NULL,
  \`err_msg\` varchar(255) DEFAULT NULL,
  \`created_at\` datetime DEFAULT NULL COMMENT 'timestamp when original file was created',
  \`deleted\` tinyint(1) NOT NULL DEFAULT 0 COMMENT 'whether the old file has been deleted after a match',
  PRIMARY KEY (\`recording_id\`,\`env_id\`,\`rounding\`),
  CONSTRAINT \`__recording_recompute_ibfk_1\` FOREIGN KEY (${V1_KEY}) REFERENCES \`recording_recompute_selection\` (${V1_KEY}) ON UPDATE CASCADE
) ${TABLE_OPTIONS}`,
  },
  {
    schema: 'spikesorting_v1_recompute',
    table: '__recording_recompute__hash',
    body: `(
${V1_ID}
${ENV_ID}
${ROUNDING}
  \`name\` varchar(255) NOT NULL,
  PRIMARY KEY (\`recording_id\`,\`env_id\`,\`rounding\`,\`name\`),
  CONSTRAINT \`__recording_recompute__hash_ibfk_1\` FOREIGN KEY (${V1_KEY}) REFERENCES \`__recording_recompute\` (${V1_KEY}) ON UPDATE CASCADE
) ${TABLE_OPTIONS} COMMENT='Object hashes that differ between old and new'`,
  },
  {
    schema: 'spikesorting_v1_recompute',
    table: '__recording_recompute__name',
    body: `(
${V1_ID}
${ENV_ID}
${ROUNDING}
  \`name\` varchar(255) NOT NULL,
  \`missing_from\` enum('old','new') NOT NULL,
  PRIMARY KEY (\`recording_id\`,\`env_id\`,\`rounding\`,\`name\`,\`missing_from\`),
  CONSTRAINT \`__recording_recompute__name_ibfk_1\` FOREIGN KEY (${V1_KEY}) REFERENCES \`__recording_recompute\` (${V1_KEY}) ON UPDATE CASCADE
) ${TABLE_OPTIONS} COMMENT='Object names missing from old or new versions'`,
  },
];

/** Character set and collation of the tables the recompute tables reference (their foreign keys need the same). */
export interface SpyglassTableCollation {
  charset: string;
  collation: string;
}

/** What DataJoint got on the fixtures' servers (utf8mb4 default), and what the bodies above spell. */
export const SPYGLASS_DEFAULT_COLLATION: SpyglassTableCollation = { charset: 'utf8mb4', collation: 'utf8mb4_general_ci' };

/**
 * The body with `{schema}` placeholders replaced by prefixed schema names (`{self}`: the table's
 * own schema), declared with `collation`'s character set and collation: DataJoint declares tables
 * with the server's default, and a foreign key between string columns only forms when both sides
 * have the same one (e.g. MySQL 8's `utf8mb4_0900_ai_ci`).
 */
export function renderDdlBody(
  body: string,
  prefix: string,
  self: string,
  collation: SpyglassTableCollation = SPYGLASS_DEFAULT_COLLATION,
): string {
  return body
    .replace(/\{([a-z0-9_]+)\}/g, (_whole, name: string) => prefix + (name === 'self' ? self : name))
    .replace(TABLE_OPTIONS, `ENGINE=InnoDB DEFAULT CHARSET=${collation.charset} COLLATE=${collation.collation}`);
}
