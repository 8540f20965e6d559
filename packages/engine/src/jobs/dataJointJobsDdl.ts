import { jobErrors } from './jobErrors';

/** DataJoint 0.14's `ERROR_MESSAGE_LENGTH` (jobs.py): the width of `error_message`. */
export const DATAJOINT_ERROR_MESSAGE_LENGTH = 2047;

/** What DataJoint appends to an error message it cut to {@link DATAJOINT_ERROR_MESSAGE_LENGTH}. */
export const DATAJOINT_TRUNCATION_APPENDIX = '...truncated';

/** Our side table recording which `~jobs` reservations a spyglass-recompute worker holds. */
export const RECOMPUTE_LEASE_TABLE = '~jobs_recompute_lease';

/**
 * `CREATE TABLE` for a schema's `~jobs`, byte for byte what DataJoint 0.14 issues on first use of
 * `schema.jobs` (jobs.py's definition compiled by declare.py: attribute comments in double
 * quotes, non-keyword defaults quoted, e.g. `DEFAULT "0"`, and the first definition line as the
 * table comment), so a table we create is the table a Python worker would have created.
 *
 * @throws RecomputeError `JOBS_SCHEMA_INVALID` for a schema name DataJoint could not have made.
 */
export function dataJointJobsDdl(schema: string): string {
  const database = checkedSchemaName(schema);
  return [
    `CREATE TABLE IF NOT EXISTS \`${database}\`.\`~jobs\` (`,
    [
      '`table_name` varchar(255) NOT NULL COMMENT "className of the table"',
      '`key_hash` char(32) NOT NULL COMMENT "key hash"',
      "`status` enum('reserved','error','ignore') NOT NULL COMMENT \"if tuple is missing, the job is available\"",
      '`key` blob DEFAULT NULL COMMENT "structure containing the key"',
      `\`error_message\` varchar(${DATAJOINT_ERROR_MESSAGE_LENGTH}) NOT NULL DEFAULT "" COMMENT "error message returned if failed"`,
      '`error_stack` mediumblob DEFAULT NULL COMMENT "error stack if failed"',
      '`user` varchar(255) NOT NULL DEFAULT "" COMMENT "database user"',
      '`host` varchar(255) NOT NULL DEFAULT "" COMMENT "system hostname"',
      '`pid` int unsigned NOT NULL DEFAULT "0" COMMENT "system process id"',
      '`connection_id` bigint unsigned NOT NULL DEFAULT "0" COMMENT "connection_id()"',
      '`timestamp` timestamp NOT NULL DEFAULT CURRENT_TIMESTAMP COMMENT "automatic timestamp"',
      'PRIMARY KEY (`table_name`,`key_hash`)',
    ].join(',\n'),
    `) ENGINE=InnoDB, COMMENT "job reservation table for \`${database}\`"`,
  ].join('\n');
}

/**
 * `CREATE TABLE` for {@link RECOMPUTE_LEASE_TABLE}: one row per `~jobs` reservation one of our
 * workers made, naming the holder exactly (host, pid, connection id). A reservation counts as
 * ours only while its `~jobs` row still names that same holder, so the `~jobs` rows themselves
 * stay exactly DataJoint's and Python readers never see a difference. The `~` prefix keeps it out
 * of DataJoint's table listings, like `~jobs` and `~log`.
 */
export function recomputeLeaseDdl(schema: string): string {
  const database = checkedSchemaName(schema);
  return [
    `CREATE TABLE IF NOT EXISTS \`${database}\`.\`${RECOMPUTE_LEASE_TABLE}\` (`,
    [
      '`table_name` varchar(255) NOT NULL',
      '`key_hash` char(32) NOT NULL',
      '`host` varchar(255) NOT NULL',
      '`pid` int unsigned NOT NULL',
      '`connection_id` bigint unsigned NOT NULL',
      'PRIMARY KEY (`table_name`,`key_hash`)',
    ].join(',\n'),
    `) ENGINE=InnoDB, COMMENT "spyglass-recompute heartbeat leases on \`~jobs\` reservations"`,
  ].join('\n');
}

/**
 * The schema name, checked to be one DataJoint can declare (it never quotes backticks).
 *
 * @throws RecomputeError `JOBS_SCHEMA_INVALID` (exit 2).
 */
export function checkedSchemaName(schema: string): string {
  if (!/^[A-Za-z0-9_$-]{1,64}$/.test(schema)) {
    throw jobErrors.schemaNameInvalid(schema);
  }
  return schema;
}

/**
 * `error_message` as DataJoint's `populate` writes it: `ClassName: message` (just the class name
 * when the message is empty), cut to {@link DATAJOINT_ERROR_MESSAGE_LENGTH} characters with
 * {@link DATAJOINT_TRUNCATION_APPENDIX} at the end when longer.
 */
export function dataJointErrorMessage(error: unknown): string {
  const name = error instanceof Error ? error.name : 'Error';
  const message = error instanceof Error ? error.message : String(error);
  const full = message ? `${name}: ${message}` : name;
  // Python's len() counts code points; so do we (a surrogate pair is one character there).
  const chars = [...full];
  if (chars.length <= DATAJOINT_ERROR_MESSAGE_LENGTH) return full;
  return chars.slice(0, DATAJOINT_ERROR_MESSAGE_LENGTH - DATAJOINT_TRUNCATION_APPENDIX.length).join('') + DATAJOINT_TRUNCATION_APPENDIX;
}
