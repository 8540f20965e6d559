import { createConnection, type Connection } from 'mariadb';
import { inspectSpyglassDatabase, migrateSpyglassDatabase, type SqlQuery } from './inspectSpyglassDatabase';
import { openSpyglassServer } from './openSpyglassServer';
import { SPYGLASS_RECOMPUTE_COLUMNS, SPYGLASS_RECOMPUTE_TABLES } from './spyglassRecomputeDdl';
import { loadSpyglassFixture, type SpyglassFixture } from '../testing/loadSpyglassFixture';

// On the real Spyglass dump (MariaDB only: the dump is MariaDB SQL). Fails, never skips, when
// the test server is unreachable.
describe('Spyglass layout: db status / db migrate', () => {
  let fixture: SpyglassFixture;
  let connection: Connection;
  let query: SqlQuery;
  beforeAll(async () => {
    fixture = await loadSpyglassFixture();
    const url = new URL(fixture.serverUrl);
    connection = await createConnection({ host: url.hostname, port: Number(url.port), user: url.username, password: url.password });
    query = async (sql, params) => (await connection.query(sql, params)) as Array<Record<string, unknown>>;
  });
  afterAll(async () => {
    await connection?.end();
    await fixture?.drop();
  });

  const showCreate = async (schema: string, table: string) => {
    const [row] = await query(`SHOW CREATE TABLE \`${fixture.schemaPrefix}${schema}\`.\`${table}\``);
    // The loader keeps row and comment texts as DataJoint wrote them unprefixed; DataJoint names
    // the (prefixed) database it declares `~log` in.
    return String(row!['Create Table'])
      .replace(/ AUTO_INCREMENT=\d+/, '')
      .replace(`event logging table for \`${fixture.schemaPrefix}`, 'event logging table for `');
  };
  const recomputeTables = [
    ...SPYGLASS_RECOMPUTE_TABLES.map(({ schema, table }) => [schema, table] as const),
    ['spikesorting_recompute_v0', '~log'] as const,
    ['spikesorting_v1_recompute', '~log'] as const,
    ['spikesorting_recording', '__spike_sorting_recording'] as const,
    ['spikesorting_v1_recording', '__spike_sorting_recording'] as const,
  ];

  it('finds every recompute table and column in the dump, and migrate then changes nothing', async () => {
    const report = await inspectSpyglassDatabase(query, fixture.schemaPrefix);
    expect(report.upstream.every((state) => state.present)).toBe(true);
    expect(report.missing).toEqual([]);
    expect(report.recompute).toHaveLength(3 + SPYGLASS_RECOMPUTE_TABLES.length + SPYGLASS_RECOMPUTE_COLUMNS.length);
    expect(await migrateSpyglassDatabase(query, fixture.schemaPrefix)).toEqual({ statements: [] });
  });

  it('re-adds what a pre-upgrade lab lacks exactly as DataJoint declared it, and only that', async () => {
    const before = new Map<string, string>();
    for (const [schema, table] of recomputeTables) before.set(`${schema}.${table}`, await showCreate(schema, table));
    const p = fixture.schemaPrefix;
    // A lab from before the recompute upgrade: no recompute schemas, tables or columns.
    await query('SET FOREIGN_KEY_CHECKS = 0');
    await query(`DROP DATABASE \`${p}spikesorting_v1_recompute\``);
    await query(`DROP DATABASE \`${p}spikesorting_recompute_v0\``);
    await query(`DROP TABLE \`${p}common_user\`.\`user_environment\``);
    await query(`ALTER TABLE \`${p}spikesorting_recording\`.\`__spike_sorting_recording\` DROP COLUMN \`hash\``);
    await query(
      `ALTER TABLE \`${p}spikesorting_v1_recording\`.\`__spike_sorting_recording\` DROP COLUMN \`hash\`, DROP COLUMN \`electrodes_id\``,
    );
    await query('SET FOREIGN_KEY_CHECKS = 1');

    const report = await inspectSpyglassDatabase(query, p);
    expect(report.missing).toHaveLength(2 + SPYGLASS_RECOMPUTE_TABLES.length + SPYGLASS_RECOMPUTE_COLUMNS.length);
    const { statements } = await migrateSpyglassDatabase(query, p);
    expect(statements.length).toBe(2 * 2 + SPYGLASS_RECOMPUTE_COLUMNS.length + SPYGLASS_RECOMPUTE_TABLES.length);
    for (const [schema, table] of recomputeTables) {
      expect({ table: `${schema}.${table}`, ddl: await showCreate(schema, table) }).toEqual({
        table: `${schema}.${table}`,
        ddl: before.get(`${schema}.${table}`),
      });
    }
    expect((await inspectSpyglassDatabase(query, p)).missing).toEqual([]);
    expect(await migrateSpyglassDatabase(query, p)).toEqual({ statements: [] });
  });

  it('names what is missing on a server without Spyglass schemas under the prefix', async () => {
    const error = await inspectSpyglassDatabase(query, 'no_such_lab_').catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: 'SPYGLASS_SCHEMA_MISSING', exitCode: 2 });
    expect((error as Error).message).toContain('no_such_lab_common_nwbfile');
    await expect(migrateSpyglassDatabase(query, 'no_such_lab_')).rejects.toMatchObject({ code: 'SPYGLASS_SCHEMA_MISSING' });
  });

  it.each(['mariadb', 'mysql'])('reads it through the %s driver from a URL that names only the server', async (scheme) => {
    const server = await openSpyglassServer(fixture.serverUrl.replace(/^mariadb:/, `${scheme}:`));
    try {
      expect((await inspectSpyglassDatabase(server.query, fixture.schemaPrefix)).missing).toEqual([]);
      expect(await migrateSpyglassDatabase(server.query, fixture.schemaPrefix)).toEqual({ statements: [] });
    } finally {
      await server.close();
    }
  });

  it('refuses SQLite URLs for the Spyglass layout', async () => {
    await expect(openSpyglassServer('sqlite:///tmp/x.sqlite')).rejects.toMatchObject({ code: 'DB_LAYOUT_UNSUPPORTED', exitCode: 2 });
  });
});
