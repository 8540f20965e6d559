import { schemaErrors } from '../schemaErrors';
import {
  DATAJOINT_LOG_TABLE_BODY,
  SPYGLASS_RECOMPUTE_COLUMNS,
  SPYGLASS_RECOMPUTE_TABLES,
  SPYGLASS_DEFAULT_COLLATION,
  SPYGLASS_UPSTREAM_TABLES,
  renderDdlBody,
  type SpyglassTableCollation,
} from './spyglassRecomputeDdl';

/** Runs one SQL statement with `?` parameters and returns its rows (a driver connection's `execute`). */
export type SqlQuery = (sql: string, params?: unknown[]) => Promise<Array<Record<string, unknown>>>;

/** One schema, table or column the recompute life cycle needs, and whether it exists. */
export interface SpyglassObjectState {
  /** `schema`, `schema`.`table` or `schema`.`table`.`column`, with the prefix. */
  name: string;
  present: boolean;
}

/** What {@link inspectSpyglassDatabase} found (read-only). */
export interface SpyglassDatabaseReport {
  schemaPrefix: string;
  /** Upstream Spyglass tables the tool reads (all present, or the inspection throws). */
  upstream: SpyglassObjectState[];
  /** Recompute schemas, tables and columns: what `db migrate` adds when missing. */
  recompute: SpyglassObjectState[];
  /** Names from `recompute` that are missing. */
  missing: string[];
}

const quote = (name: string) => `\`${name.replace(/`/g, '``')}\``;

/**
 * Reports which Spyglass schemas, recompute tables and recompute columns exist on the server,
 * with schema names prefixed by `schemaPrefix` (DataJoint's `database.prefix`). Read-only: it only
 * reads `information_schema`.
 *
 * @throws RecomputeError `SPYGLASS_SCHEMA_MISSING` naming the missing upstream schemas/tables
 *   when the server does not hold a Spyglass database under that prefix.
 */
export async function inspectSpyglassDatabase(query: SqlQuery, schemaPrefix = ''): Promise<SpyglassDatabaseReport> {
  const tableRows = await query('SELECT table_schema AS s, table_name AS t FROM information_schema.tables WHERE table_schema LIKE ?', [
    `${schemaPrefix.replace(/[\\%_]/g, '\\$&')}%`,
  ]);
  const tables = new Set(tableRows.map((row) => `${String(row.s)}.${String(row.t)}`));
  // From schemata, not from the tables: a schema without tables (a migration that crashed right
  // after CREATE DATABASE) exists, and creating it again would fail.
  const schemaRows = await query('SELECT schema_name AS s FROM information_schema.schemata WHERE schema_name LIKE ?', [
    `${schemaPrefix.replace(/[\\%_]/g, '\\$&')}%`,
  ]);
  const schemas = new Set(schemaRows.map((row) => String(row.s)));
  const columnRows = await query(
    'SELECT table_schema AS s, table_name AS t, column_name AS c FROM information_schema.columns WHERE table_schema IN (?, ?)',
    [`${schemaPrefix}spikesorting_recording`, `${schemaPrefix}spikesorting_v1_recording`],
  );
  const columns = new Set(columnRows.map((row) => `${String(row.s)}.${String(row.t)}.${String(row.c)}`));

  const upstream = SPYGLASS_UPSTREAM_TABLES.map(({ schema, table }) => {
    const name = `${schemaPrefix}${schema}.${table}`;
    return { name, present: tables.has(name) };
  });
  const missingUpstream = upstream.filter((state) => !state.present).map((state) => state.name);
  if (missingUpstream.length > 0) {
    const missingSchemas = [...new Set(SPYGLASS_UPSTREAM_TABLES.map(({ schema }) => schemaPrefix + schema))].filter(
      (schema) => !schemas.has(schema),
    );
    throw schemaErrors.spyglassSchemaMissing(schemaPrefix, missingSchemas, missingUpstream);
  }

  const recompute: SpyglassObjectState[] = [];
  for (const schema of new Set(SPYGLASS_RECOMPUTE_TABLES.map((table) => table.schema))) {
    recompute.push({ name: schemaPrefix + schema, present: schemas.has(schemaPrefix + schema) });
  }
  for (const { schema, table } of SPYGLASS_RECOMPUTE_TABLES) {
    const name = `${schemaPrefix}${schema}.${table}`;
    recompute.push({ name, present: tables.has(name) });
  }
  for (const { schema, table, column } of SPYGLASS_RECOMPUTE_COLUMNS) {
    const name = `${schemaPrefix}${schema}.${table}.${column}`;
    recompute.push({ name, present: columns.has(name) });
  }
  return { schemaPrefix, upstream, recompute, missing: recompute.filter((state) => !state.present).map((state) => state.name) };
}

/** What {@link migrateSpyglassDatabase} did. */
export interface SpyglassMigrateResult {
  /** The DDL statements it ran, in order (empty when nothing was missing). */
  statements: string[];
}

/**
 * Adds what the recompute upgrade needs and the database lacks — recompute schemas (with
 * DataJoint's `~log`), tables and the `hash`/`electrodes_id` columns — with the DDL DataJoint
 * declares for Spyglass's definitions, in the character set and collation of the lab's recording
 * tables (which the new foreign keys reference). Never alters or drops anything else; a second
 * run finds nothing missing and runs nothing. Safe to rerun after a crash: every statement is one
 * DDL step that the next run's inspection sees, and a recompute schema whose `~log` is missing
 * (a crash between `CREATE DATABASE` and its `~log`) gets it.
 *
 * @throws RecomputeError `SPYGLASS_SCHEMA_MISSING` (see {@link inspectSpyglassDatabase});
 *   `SPYGLASS_COLLATION_MIXED` when the v0 and v1 recording tables differ in collation (one
 *   `common_user.user_environment` cannot serve foreign keys from both), before anything runs.
 */
export async function migrateSpyglassDatabase(query: SqlQuery, schemaPrefix = ''): Promise<SpyglassMigrateResult> {
  const report = await inspectSpyglassDatabase(query, schemaPrefix);
  const missing = new Set(report.missing);
  const recomputeSchemas = [...new Set(SPYGLASS_RECOMPUTE_TABLES.map((table) => table.schema))];
  const logged = new Set(
    (
      await query(
        `SELECT table_schema AS s FROM information_schema.tables WHERE table_name = '~log' AND table_schema IN (${recomputeSchemas.map(() => '?').join(', ')})`,
        recomputeSchemas.map((schema) => schemaPrefix + schema),
      )
    ).map((row) => String(row.s)),
  );
  const collation = await recordingTableCollation(query, schemaPrefix);
  const statements: string[] = [];
  for (const schema of recomputeSchemas) {
    if (missing.has(schemaPrefix + schema)) {
      statements.push(`CREATE DATABASE ${quote(schemaPrefix + schema)} CHARACTER SET ${collation.charset} COLLATE ${collation.collation}`);
    }
    if (!logged.has(schemaPrefix + schema)) {
      statements.push(
        `CREATE TABLE ${quote(schemaPrefix + schema)}.${quote('~log')} ${renderDdlBody(DATAJOINT_LOG_TABLE_BODY, schemaPrefix, schema, collation)}`,
      );
    }
  }
  for (const { schema, table, column, definition, after } of SPYGLASS_RECOMPUTE_COLUMNS) {
    if (!missing.has(`${schemaPrefix}${schema}.${table}.${column}`)) continue;
    statements.push(`ALTER TABLE ${quote(schemaPrefix + schema)}.${quote(table)} ADD ${quote(column)} ${definition} AFTER ${quote(after)}`);
  }
  for (const { schema, table, body } of SPYGLASS_RECOMPUTE_TABLES) {
    if (!missing.has(`${schemaPrefix}${schema}.${table}`)) continue;
    // Unqualified REFERENCES resolve in the session's default database: qualify them here.
    const qualified = renderDdlBody(body, schemaPrefix, schema, collation).replace(
      /REFERENCES `(?!.*`\.`)([^`]+)`/g,
      `REFERENCES ${quote(schemaPrefix + schema)}.\`$1\``,
    );
    statements.push(`CREATE TABLE ${quote(schemaPrefix + schema)}.${quote(table)} ${qualified}`);
  }
  for (const statement of statements) await query(statement);
  return { statements };
}

/**
 * The character set and collation of the v0 and v1 `__spike_sorting_recording` tables: DataJoint
 * declared them with the server's default, which the tables `db migrate` adds must share.
 */
async function recordingTableCollation(query: SqlQuery, schemaPrefix: string): Promise<SpyglassTableCollation> {
  const rows = await query(
    'SELECT t.table_schema AS s, t.table_collation AS collation, c.character_set_name AS charset FROM information_schema.tables t ' +
      'JOIN information_schema.collation_character_set_applicability c ON c.collation_name = t.table_collation ' +
      "WHERE t.table_name = '__spike_sorting_recording' AND t.table_schema IN (?, ?)",
    [`${schemaPrefix}spikesorting_recording`, `${schemaPrefix}spikesorting_v1_recording`],
  );
  const found = [
    ...new Map(rows.map((row) => [String(row.collation), { charset: String(row.charset), collation: String(row.collation) }])).values(),
  ];
  if (found.length === 1) return found[0]!;
  if (found.length === 0) return SPYGLASS_DEFAULT_COLLATION; // unreachable: inspection found both tables
  throw schemaErrors.spyglassCollationMixed(
    schemaPrefix,
    rows.map((row) => ({ schema: String(row.s), collation: String(row.collation) })),
  );
}
