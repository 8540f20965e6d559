import { RecomputeError } from '@spyglass-recompute/errors';
import {
  DATAJOINT_LOG_TABLE_BODY,
  SPYGLASS_RECOMPUTE_COLUMNS,
  SPYGLASS_RECOMPUTE_TABLES,
  SPYGLASS_UPSTREAM_TABLES,
  renderDdlBody,
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
  const tableRows = await query(
    'SELECT table_schema AS s, table_name AS t FROM information_schema.tables WHERE table_schema LIKE ?',
    [`${schemaPrefix.replace(/[\\%_]/g, '\\$&')}%`],
  );
  const tables = new Set(tableRows.map((row) => `${String(row.s)}.${String(row.t)}`));
  const schemas = new Set(tableRows.map((row) => String(row.s)));
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
    const missingSchemas = [...new Set(SPYGLASS_UPSTREAM_TABLES.map(({ schema }) => schemaPrefix + schema))].filter((schema) => !schemas.has(schema));
    throw new RecomputeError({
      code: 'SPYGLASS_SCHEMA_MISSING',
      message:
        `This server does not hold a Spyglass database${schemaPrefix ? ` with schema prefix "${schemaPrefix}"` : ''}: missing ` +
        `${missingSchemas.length > 0 ? `schemas ${missingSchemas.join(', ')}` : `tables ${missingUpstream.join(', ')}`}. ` +
        'Check the URL and --schema-prefix, or use --layout own for the tool’s own tables.',
      details: { schemaPrefix, missingSchemas, missingTables: missingUpstream },
    });
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
 * declares for Spyglass's definitions. Never alters or drops anything else; a second run finds
 * nothing missing and runs nothing.
 *
 * @throws RecomputeError `SPYGLASS_SCHEMA_MISSING` (see {@link inspectSpyglassDatabase}).
 */
export async function migrateSpyglassDatabase(query: SqlQuery, schemaPrefix = ''): Promise<SpyglassMigrateResult> {
  const report = await inspectSpyglassDatabase(query, schemaPrefix);
  const missing = new Set(report.missing);
  const statements: string[] = [];
  for (const schema of new Set(SPYGLASS_RECOMPUTE_TABLES.map((table) => table.schema))) {
    if (!missing.has(schemaPrefix + schema)) continue;
    statements.push(`CREATE DATABASE ${quote(schemaPrefix + schema)}`);
    statements.push(`CREATE TABLE ${quote(schemaPrefix + schema)}.${quote('~log')} ${renderDdlBody(DATAJOINT_LOG_TABLE_BODY, schemaPrefix, schema)}`);
  }
  for (const { schema, table, column, definition, after } of SPYGLASS_RECOMPUTE_COLUMNS) {
    if (!missing.has(`${schemaPrefix}${schema}.${table}.${column}`)) continue;
    statements.push(`ALTER TABLE ${quote(schemaPrefix + schema)}.${quote(table)} ADD ${quote(column)} ${definition} AFTER ${quote(after)}`);
  }
  for (const { schema, table, body } of SPYGLASS_RECOMPUTE_TABLES) {
    if (!missing.has(`${schemaPrefix}${schema}.${table}`)) continue;
    // Unqualified REFERENCES resolve in the session's default database: qualify them here.
    const qualified = renderDdlBody(body, schemaPrefix, schema).replace(/REFERENCES `(?!.*`\.`)([^`]+)`/g, `REFERENCES ${quote(schemaPrefix + schema)}.\`$1\``);
    statements.push(`CREATE TABLE ${quote(schemaPrefix + schema)}.${quote(table)} ${qualified}`);
  }
  for (const statement of statements) await query(statement);
  return { statements };
}
