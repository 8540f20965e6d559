import type { Knex } from '@mikro-orm/knex';

/** The two SQL dialects the migrations emit: SQLite, and MySQL/MariaDB (identical DDL). */
export type MigrationDialect = 'sqlite' | 'mysql';

/** Dialect-specific column types that knex does not express by itself. */
export interface ColumnKit {
  readonly dialect: MigrationDialect;
  /** DataJoint `uuid`: `binary(16)` on MySQL/MariaDB, `char(36)` text on SQLite. */
  uuid(t: Knex.CreateTableBuilder, name: string): Knex.ColumnBuilder;
  /** DataJoint blob as JSON: `json` on MySQL/MariaDB, `text` on SQLite (a `json` type name would give the column NUMERIC affinity). */
  json(t: Knex.CreateTableBuilder, name: string): Knex.ColumnBuilder;
}

/** One table of a migration: its name and how to build it. */
export interface TableDefinition {
  readonly name: string;
  build(t: Knex.CreateTableBuilder, kit: ColumnKit): void;
}

/** Runs a query inside the migration's transaction (Migration#execute). */
export type RunQuery = (sql: string, params?: unknown[]) => Promise<Array<Record<string, unknown>>>;

export function columnKit(dialect: MigrationDialect): ColumnKit {
  return {
    dialect,
    uuid: (t, name) => t.specificType(name, dialect === 'sqlite' ? 'char(36)' : 'binary(16)'),
    json: (t, name) => (dialect === 'sqlite' ? t.text(name) : t.json(name)),
  };
}

/**
 * Adds a named composite foreign key. Names are `{table}_fk{n}` because knex's default
 * (`{table}_{columns}_foreign`) overflows MySQL's 64-character identifier limit here.
 */
export function foreignKey(
  t: Knex.CreateTableBuilder,
  table: string,
  n: number,
  columns: string[],
  parent: string,
  parentColumns: string[] = columns,
  onDelete: 'CASCADE' | 'RESTRICT' = 'RESTRICT',
): void {
  t.foreign(columns, `${table}_fk${n}`).references(parentColumns).inTable(parent).onDelete(onDelete).onUpdate('CASCADE');
}

export async function tableExists(run: RunQuery, dialect: MigrationDialect, table: string): Promise<boolean> {
  const rows =
    dialect === 'sqlite'
      ? await run(`select name from sqlite_master where type = 'table' and name = ?`, [table])
      : await run('select table_name from information_schema.tables where table_schema = database() and table_name = ?', [table]);
  return rows.length > 0;
}

export async function columnExists(run: RunQuery, dialect: MigrationDialect, table: string, column: string): Promise<boolean> {
  if (dialect === 'sqlite') {
    const rows = await run(`select name from pragma_table_info(?)`, [table]);
    return rows.some((row) => row.name === column);
  }
  const rows = await run(
    'select column_name from information_schema.columns where table_schema = database() and table_name = ? and column_name = ?',
    [table, column],
  );
  return rows.length > 0;
}

/**
 * The SQL that creates `table` on this connection's dialect, as one statement. knex emits a
 * MySQL table's foreign keys as separate `ALTER TABLE … ADD CONSTRAINT` statements; they are
 * folded into the CREATE TABLE so a table never exists without its keys (MySQL DDL is not
 * transactional, and a re-run skips tables that exist).
 */
export function createTableSql(knex: Knex, definition: TableDefinition, kit: ColumnKit): string[] {
  const statements = knex.schema
    .createTable(definition.name, (t) => {
      if (kit.dialect === 'mysql') t.charset('utf8mb4');
      definition.build(t, kit);
    })
    .toSQL()
    .map((query) => query.sql);
  if (kit.dialect !== 'mysql') return statements;
  const [create, ...rest] = statements;
  const alterPrefix = `alter table \`${definition.name}\` add constraint `;
  const constraints = rest.filter((sql) => sql.startsWith(alterPrefix)).map((sql) => `constraint ${sql.slice(alterPrefix.length)}`);
  const others = rest.filter((sql) => !sql.startsWith(alterPrefix));
  const close = create.lastIndexOf(')');
  if (close < 0 || constraints.length === 0) return statements;
  return [`${create.slice(0, close)}, ${constraints.join(', ')}${create.slice(close)}`, ...others];
}
