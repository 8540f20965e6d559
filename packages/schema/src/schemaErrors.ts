import { ExitCode, RecomputeError } from '@spyglass-recompute/errors';

/** What every connection error carries: the masked URL (never a password) and the driver's first error code. */
interface DbFacts {
  /** The database URL with its password masked. */
  url: string;
  /** The first error code in the driver error's cause chain. */
  driverCode: string | undefined;
}

const DB_URL_EXAMPLES = 'mysql://user:pass@host:3306/db, mariadb://user:pass@host:3306/db or sqlite:///abs/path/file.sqlite';
const MIGRATE_HINT = '`recompute db migrate`';
const READ_ONLY_FIX =
  "recompute needs write access to the file and its directory (SQLite's WAL journal lives beside it). Make both writable, or use a writable copy via --db.";
const SPYGLASS_LAYOUT_NEEDS_SERVER = "--layout spyglass works on a lab's DataJoint MySQL/MariaDB server";

/**
 * Named factories for the schema package's typed errors: database URLs and connections, the
 * Spyglass layout, migrations and column types. URLs given to them must already be masked.
 */
export const schemaErrors = {
  // ---- database URLs
  dbUrlInvalid(shownUrl: string, reason: string): RecomputeError {
    return new RecomputeError({
      code: 'DB_URL_INVALID',
      message: `Database URL "${shownUrl}" is malformed: ${reason}. Set RECOMPUTE_DB_URL or --db to e.g. ${DB_URL_EXAMPLES}.`,
      details: { url: shownUrl },
    });
  },
  dbUrlUnsupportedScheme(shownUrl: string, scheme: string, supported: readonly string[]): RecomputeError {
    return new RecomputeError({
      code: 'DB_URL_UNSUPPORTED_SCHEME',
      message: `Database URL "${shownUrl}" uses the unsupported scheme "${scheme}:"; use one of ${supported.map((s) => `${s}://`).join(', ')}.`,
      details: { url: shownUrl, scheme },
    });
  },

  // ---- connecting
  dbAuthFailed(facts: DbFacts, cause: unknown): RecomputeError {
    return new RecomputeError({
      code: 'DB_AUTH_FAILED',
      message: `The database at "${facts.url}" refused the credentials (wrong user or password). Check the user and password in RECOMPUTE_DB_URL or --db.`,
      details: { ...facts },
      cause,
    });
  },
  /** The named MySQL/MariaDB database does not exist on the server. */
  dbNotOnServer(facts: DbFacts, cause: unknown): RecomputeError {
    return new RecomputeError({
      code: 'DB_NOT_FOUND',
      message: `The database "${facts.url}" does not exist on the server. Create it with ${MIGRATE_HINT} (same --db / RECOMPUTE_DB_URL), or fix the database name.`,
      details: { ...facts },
      cause,
    });
  },
  /** A read-only use of a SQLite file that does not exist. */
  sqliteFileMissing(shownUrl: string, file: string): RecomputeError {
    return new RecomputeError({
      code: 'DB_NOT_FOUND',
      message: `The database "${shownUrl}" does not exist (no file ${file}). Create it with ${MIGRATE_HINT} (same --db / RECOMPUTE_DB_URL), or point --db at the existing one.`,
      details: { url: shownUrl },
    });
  },
  /** `readOnlyCode` is the driver or syscall code that said so (`SQLITE_READONLY`, `EACCES`, …). */
  dbReadOnly(facts: DbFacts, readOnlyCode: string, cause: unknown): RecomputeError {
    return new RecomputeError({
      code: 'DB_READ_ONLY',
      message: `The SQLite database "${facts.url}" is read-only (${readOnlyCode}): ${READ_ONLY_FIX}`,
      exitCode: ExitCode.runtime,
      details: { ...facts },
      cause,
    });
  },
  /**
   * A server that does not answer is a runtime failure (exit 1, cli.md); a SQLite path that
   * cannot be opened is the URL the user gave (exit 2).
   */
  dbUnreachable(facts: DbFacts, sqlitePath: boolean, cause: unknown): RecomputeError {
    return new RecomputeError({
      code: 'DB_UNREACHABLE',
      message: `Cannot reach the database at "${facts.url}" (${facts.driverCode}). Check that the server is running and the host/port (or SQLite path) in RECOMPUTE_DB_URL or --db are right.`,
      exitCode: sqlitePath ? ExitCode.badInput : ExitCode.runtime,
      details: { ...facts },
      cause,
    });
  },
  dbConnectionFailed(facts: DbFacts, cause: unknown): RecomputeError {
    return new RecomputeError({
      code: 'DB_CONNECTION_FAILED',
      message: `Connecting to the database at "${facts.url}" failed${facts.driverCode ? ` (${facts.driverCode})` : ''}.`,
      details: { ...facts },
      cause,
    });
  },

  // ---- while a command runs (exit 1: the environment changed under the command)
  dbSchemaMissing(facts: DbFacts, cause: unknown): RecomputeError {
    return new RecomputeError({
      code: 'DB_SCHEMA_MISSING',
      message: `The recompute tables are missing from the database "${facts.url}" (dropped or reset while this command ran?). Recreate them with ${MIGRATE_HINT}.`,
      exitCode: ExitCode.runtime,
      details: { ...facts },
      cause,
    });
  },
  dbDropped(facts: DbFacts, cause: unknown): RecomputeError {
    return new RecomputeError({
      code: 'DB_LOST',
      message: `The database "${facts.url}" no longer exists (dropped while this command ran?). Recreate it with ${MIGRATE_HINT} and run the command again.`,
      exitCode: ExitCode.runtime,
      details: { ...facts },
      cause,
    });
  },
  dbConnectionLost(facts: DbFacts, cause: unknown): RecomputeError {
    return new RecomputeError({
      code: 'DB_LOST',
      message: `Lost the connection to the database "${facts.url}" (${facts.driverCode ?? 'connection closed'}) while this command ran. Check the server, then run the command again (it is safe to rerun).`,
      exitCode: ExitCode.runtime,
      details: { ...facts },
      cause,
    });
  },
  migrationFailed(cause: unknown): RecomputeError {
    return new RecomputeError({
      code: 'DB_MIGRATION_FAILED',
      message: `Migrating the database failed: ${cause instanceof Error ? cause.message : String(cause)}`,
      exitCode: ExitCode.runtime,
      cause,
    });
  },

  // ---- the Spyglass layout
  /** `--layout spyglass` with a SQLite URL; `shownUrl` when the URL is at hand. */
  layoutNeedsServer(shownUrl?: string): RecomputeError {
    return shownUrl === undefined
      ? new RecomputeError({
          code: 'DB_LAYOUT_UNSUPPORTED',
          message: `${SPYGLASS_LAYOUT_NEEDS_SERVER}, not on SQLite. Give --db mysql://user:pass@host:3306 (or mariadb://…).`,
          details: { layout: 'spyglass' },
        })
      : new RecomputeError({
          code: 'DB_LAYOUT_UNSUPPORTED',
          message: `${SPYGLASS_LAYOUT_NEEDS_SERVER}; ${shownUrl} is SQLite. Give --db mysql://user:pass@host:3306 (or mariadb://…).`,
          details: { url: shownUrl },
        });
  },
  spyglassSchemaMissing(schemaPrefix: string, missingSchemas: readonly string[], missingTables: readonly string[]): RecomputeError {
    return new RecomputeError({
      code: 'SPYGLASS_SCHEMA_MISSING',
      message:
        `This server does not hold a Spyglass database${schemaPrefix ? ` with schema prefix "${schemaPrefix}"` : ''}: missing ` +
        `${missingSchemas.length > 0 ? `schemas ${missingSchemas.join(', ')}` : `tables ${missingTables.join(', ')}`}. ` +
        'Check the URL and --schema-prefix, or use --layout own for the tool’s own tables.',
      details: { schemaPrefix, missingSchemas, missingTables },
    });
  },
  /** `tables` lists each recording table's schema with its collation, in the order the server listed them. */
  spyglassCollationMixed(schemaPrefix: string, tables: ReadonlyArray<{ schema: string; collation: string }>): RecomputeError {
    return new RecomputeError({
      code: 'SPYGLASS_COLLATION_MIXED',
      message:
        `The v0 and v1 recording tables under prefix "${schemaPrefix}" have different collations (` +
        `${tables.map((table) => `${table.schema}: ${table.collation}`).join(', ')}); the recompute tables reference both ` +
        'through one common_user.user_environment, so db migrate cannot declare them. Convert one table to the other collation first.',
      details: { schemaPrefix, collations: Object.fromEntries(tables.map((table) => [table.schema, table.collation])) },
    });
  },
  /** An entity (or one of its properties) has no mapping onto the Spyglass tables: our bug. */
  spyglassMappingMissing(entity: string, property?: string): RecomputeError {
    return new RecomputeError({
      code: 'SPYGLASS_MAPPING_MISSING',
      message:
        property === undefined
          ? `Entity ${entity} has no Spyglass table mapping (spyglassEntityMapping.ts).`
          : `Entity ${entity} has no property ${property} to map.`,
      exitCode: ExitCode.runtime,
      details: property === undefined ? { entity } : { entity, property },
    });
  },
  externalRowMissing(table: string, store: string, filepath: string, hash: string): RecomputeError {
    return new RecomputeError({
      code: 'EXTERNAL_ROW_MISSING',
      message: `${table} has no row for "${filepath}" (hash ${hash}); the file is not registered with DataJoint.`,
      details: { store, filepath, hash },
    });
  },

  // ---- column types and test set-up
  float64ArrayValueInvalid(value: unknown): RecomputeError {
    return new RecomputeError({
      code: 'BLOB_VALUE_INVALID',
      message: `A numpy float64 array column needs a rectangular nest of numbers, got ${JSON.stringify(value).slice(0, 80)}.`,
    });
  },
  testBackendUnknown(name: string, known: readonly string[]): RecomputeError {
    return new RecomputeError({
      code: 'TEST_BACKEND_UNKNOWN',
      message: `RECOMPUTE_TEST_BACKENDS names "${name}"; use a comma-separated subset of ${known.join(', ')}.`,
    });
  },
} as const;
