import { createConnection, type Connection } from 'mariadb';
import { inspectSpyglassDatabase, migrateSpyglassDatabase, type SqlQuery } from './inspectSpyglassDatabase';
import { SPYGLASS_RECOMPUTE_COLUMNS, SPYGLASS_RECOMPUTE_TABLES } from './spyglassRecomputeDdl';
import { loadSpyglassFixture, type SpyglassFixture } from '../testing/loadSpyglassFixture';

// migrateSpyglassDatabase on the database a Spyglass 0.5.4 lab has (spyglass-db-2024: no recompute
// schemas, tables or columns), beyond what the CLI test checks: a lab whose tables are not in the
// fixture's collation, and a rerun after a crash mid-migration. MariaDB only (the dump is MariaDB SQL).
describe('migrateSpyglassDatabase on a Spyglass 0.5.4 lab: collation and crash rerun', () => {
  let fixture: SpyglassFixture;
  let connection: Connection;
  let query: SqlQuery;
  beforeAll(async () => {
    fixture = await loadSpyglassFixture('spyglass-db-2024');
    const url = new URL(fixture.serverUrl);
    connection = await createConnection({
      host: url.hostname,
      port: Number(url.port),
      user: url.username,
      password: url.password,
      multipleStatements: true,
    });
    query = async (sql, params) => (await connection.query(sql, params)) as Array<Record<string, unknown>>;
  });
  afterAll(async () => {
    await connection?.end();
    await fixture?.drop();
  });
  const recomputeSchemas = [...new Set(SPYGLASS_RECOMPUTE_TABLES.map((table) => table.schema))];
  const schemasPresent = async () =>
    (
      await query(
        'SELECT schema_name AS s FROM information_schema.schemata WHERE schema_name IN (?, ?, ?)',
        recomputeSchemas.map((schema) => fixture.schemaPrefix + schema),
      )
    ).length;

  it('refuses, before any DDL, when the v0 and v1 recording tables differ in collation', async () => {
    // A server cannot hold such a lab for this dump (its foreign keys would not form), so the
    // collation lookup's answer is replaced; every other query goes to the server and is recorded.
    const ran: string[] = [];
    const mixed: SqlQuery = async (sql, params) => {
      ran.push(sql);
      if (!sql.includes('collation_character_set_applicability')) return query(sql, params);
      return [
        { s: `${fixture.schemaPrefix}spikesorting_recording`, collation: 'utf8mb4_unicode_ci', charset: 'utf8mb4' },
        { s: `${fixture.schemaPrefix}spikesorting_v1_recording`, collation: 'utf8mb4_general_ci', charset: 'utf8mb4' },
      ];
    };
    const error = await migrateSpyglassDatabase(mixed, fixture.schemaPrefix).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: 'SPYGLASS_COLLATION_MIXED', exitCode: 2 });
    expect((error as Error).message).toContain(`${fixture.schemaPrefix}spikesorting_recording: utf8mb4_unicode_ci`);
    expect(ran.filter((sql) => !sql.startsWith('SELECT '))).toEqual([]);
    expect(await schemasPresent()).toBe(0);
  });

  it('after a crash right after CREATE DATABASE, a rerun adds the ~log and the rest, all in the recording tables’ collation, with every foreign key', async () => {
    // A lab whose server default collation was utf8mb4_unicode_ci: DataJoint declared every table with it.
    await query('SET FOREIGN_KEY_CHECKS = 0');
    for (const schema of fixture.schemas) await query(`DROP DATABASE \`${fixture.schemaPrefix}${schema}\``);
    await query('SET FOREIGN_KEY_CHECKS = 1');
    await connection.query(fixture.sql.replaceAll('utf8mb4_general_ci', 'utf8mb4_unicode_ci'));
    // The crash: the first statement a migration runs, and nothing after it.
    await query(`CREATE DATABASE \`${fixture.schemaPrefix}common_user\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);

    const { statements } = await migrateSpyglassDatabase(query, fixture.schemaPrefix);
    expect(statements.filter((sql) => sql.startsWith('CREATE DATABASE'))).toHaveLength(2);
    expect(statements).toContain(statements.find((sql) => sql.startsWith(`CREATE TABLE \`${fixture.schemaPrefix}common_user\`.\`~log\``)));
    expect(statements).toHaveLength(2 + 3 + SPYGLASS_RECOMPUTE_COLUMNS.length + SPYGLASS_RECOMPUTE_TABLES.length);

    const tables = await query(
      'SELECT table_schema AS s, table_name AS t, table_collation AS c FROM information_schema.tables WHERE table_schema IN (?, ?, ?)',
      recomputeSchemas.map((schema) => fixture.schemaPrefix + schema),
    );
    expect(tables).toHaveLength(SPYGLASS_RECOMPUTE_TABLES.length + 3);
    for (const table of tables)
      expect({ table: `${String(table.s)}.${String(table.t)}`, collation: table.c }).toEqual({
        table: `${String(table.s)}.${String(table.t)}`,
        collation: 'utf8mb4_unicode_ci',
      });
    const databases = await query(
      'SELECT schema_name AS s, default_collation_name AS c FROM information_schema.schemata WHERE schema_name IN (?, ?, ?)',
      recomputeSchemas.map((schema) => fixture.schemaPrefix + schema),
    );
    expect(databases.map((row) => row.c)).toEqual(['utf8mb4_unicode_ci', 'utf8mb4_unicode_ci', 'utf8mb4_unicode_ci']);
    // Every foreign key of the DDL formed: one per CONSTRAINT clause.
    const constraints = SPYGLASS_RECOMPUTE_TABLES.reduce((sum, { body }) => sum + (body.match(/CONSTRAINT /g)?.length ?? 0), 0);
    const formed = await query(
      'SELECT COUNT(*) AS n FROM information_schema.referential_constraints WHERE constraint_schema IN (?, ?, ?)',
      recomputeSchemas.map((schema) => fixture.schemaPrefix + schema),
    );
    expect(Number(formed[0]!.n)).toBe(constraints);

    expect((await inspectSpyglassDatabase(query, fixture.schemaPrefix)).missing).toEqual([]);
    expect(await migrateSpyglassDatabase(query, fixture.schemaPrefix)).toEqual({ statements: [] });
  });
});
