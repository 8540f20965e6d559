import { readFileSync } from 'node:fs';
import path from 'node:path';
import {
  loadSpyglassFixture,
  openSpyglassServer,
  spyglassFixturePath,
  type SpyglassFixture,
  type SpyglassServer,
} from '@spyglass-recompute/schema';
import { runCliInProcess } from '../../test-support/runCliInProcess';

/** The parts of `spyglass-db-2024/schema_diff.json` (0.5.4 lab vs today's Spyglass) the test reads. */
interface SchemaDiff {
  schemas_only_current: string[];
  tables_only_current: string[];
  columns_only_current: Record<string, Record<string, { type: string; nullable: string; default: string; comment: string }>>;
}

/**
 * What the recompute upgrade needs (README "What `db migrate` must therefore add", items 1-3): the
 * recompute schemas with every table, and the new columns of the two recording tables. Everything
 * else today's Spyglass has and 0.5.4 lacks (optogenetics, burst, analysis_registry, …) is optional
 * and must stay untouched.
 */
const RECOMPUTE_SCHEMAS = ['common_user', 'spikesorting_recompute_v0', 'spikesorting_v1_recompute'];
const RECORDING_TABLES = ['spikesorting_recording.__spike_sorting_recording', 'spikesorting_v1_recording.__spike_sorting_recording'];

// `db status` / `db migrate --layout spyglass` through the CLI (in process: runCliInProcess) on the
// database a Spyglass 0.5.4 lab has (spyglass-db-2024), checked against schema_diff.json and
// against today's Spyglass (spyglass-db) loaded side by side under another prefix. MariaDB only:
// the dumps are MariaDB SQL.
describe('recompute db status/migrate --layout spyglass on a Spyglass 0.5.4 lab (spyglass-db-2024)', () => {
  const diff = JSON.parse(readFileSync(path.join(spyglassFixturePath('spyglass-db-2024'), 'schema_diff.json'), 'utf8')) as SchemaDiff;
  const addedTables = diff.tables_only_current.filter((name) => RECOMPUTE_SCHEMAS.includes(name.split('.')[0]!));
  const addedColumns = RECORDING_TABLES.flatMap((table) =>
    Object.keys(diff.columns_only_current[table] ?? {}).map((column) => `${table}.${column}`),
  );
  let lab: SpyglassFixture;
  let today: SpyglassFixture;
  let server: SpyglassServer;
  let env: NodeJS.ProcessEnv;
  beforeAll(async () => {
    [lab, today] = await Promise.all([loadSpyglassFixture('spyglass-db-2024'), loadSpyglassFixture()]);
    server = await openSpyglassServer(lab.serverUrl);
    env = { RECOMPUTE_DB_URL: lab.serverUrl, RECOMPUTE_DB_LAYOUT: 'spyglass', SPYGLASS_BASE_DIR: lab.baseDir };
  });
  afterAll(async () => {
    await server?.close();
    await Promise.all([lab?.drop(), today?.drop()]);
  });

  const like = (prefix: string) => `${prefix.replace(/_/g, '\\_')}%`;
  /** `schema.table` (unprefixed) of every table under the prefix. */
  async function tableNames(prefix: string): Promise<string[]> {
    const rows = await server.query(
      'SELECT table_schema AS s, table_name AS t FROM information_schema.tables WHERE table_schema LIKE ? ORDER BY 1, 2',
      [like(prefix)],
    );
    return rows.map((row) => `${String(row.s).slice(prefix.length)}.${String(row.t)}`);
  }
  /** CHECKSUM TABLE (contents and row count) of every table under the lab's prefix. */
  async function checksums(): Promise<Record<string, string>> {
    const out: Record<string, string> = {};
    for (const name of await tableNames(lab.schemaPrefix)) {
      const [schema, table] = name.split(/\.(.*)/s) as [string, string];
      const [row] = await server.query(`CHECKSUM TABLE \`${lab.schemaPrefix}${schema}\`.\`${table}\``);
      out[name] = String(row!.Checksum);
    }
    return out;
  }
  /** Column names of every table under the prefix, in declaration order. */
  async function columns(prefix: string): Promise<Record<string, string[]>> {
    const rows = await server.query(
      'SELECT table_schema AS s, table_name AS t, column_name AS c FROM information_schema.columns WHERE table_schema LIKE ? ORDER BY table_schema, table_name, ordinal_position',
      [like(prefix)],
    );
    const out: Record<string, string[]> = {};
    for (const row of rows) (out[`${String(row.s).slice(prefix.length)}.${String(row.t)}`] ??= []).push(String(row.c));
    return out;
  }
  /** SHOW CREATE TABLE with the prefix stripped (also from DataJoint's `~log` comment) and without the AUTO_INCREMENT counter. */
  async function showCreate(prefix: string, name: string): Promise<string> {
    const [schema, table] = name.split(/\.(.*)/s) as [string, string];
    const [row] = await server.query(`SHOW CREATE TABLE \`${prefix}${schema}\`.\`${table}\``);
    return String(row!['Create Table'])
      .split(prefix)
      .join('')
      .replace(/ AUTO_INCREMENT=\d+/, '');
  }
  async function showCreateDatabase(prefix: string, schema: string): Promise<string> {
    const [row] = await server.query(`SHOW CREATE DATABASE \`${prefix}${schema}\``);
    return String(row!['Create Database']).split(prefix).join('');
  }
  const recordingRows = (table: string) => server.query(`SELECT * FROM \`${lab.schemaPrefix}${table.replace('.', '`.`')}\` ORDER BY 1, 2`);

  it('fixture facts the test relies on: schema_diff lists the three recompute schemas, 14 tables and 3 recording columns', () => {
    for (const schema of RECOMPUTE_SCHEMAS) expect(diff.schemas_only_current).toContain(schema);
    expect(addedTables).toHaveLength(14);
    expect(addedColumns.sort()).toEqual([
      'spikesorting_recording.__spike_sorting_recording.hash',
      'spikesorting_v1_recording.__spike_sorting_recording.electrodes_id',
      'spikesorting_v1_recording.__spike_sorting_recording.hash',
    ]);
  });

  it('db status reports missing exactly the recompute schemas, tables and columns schema_diff.json lists', async () => {
    const status = await runCliInProcess(['db', 'status', '--schema-prefix', lab.schemaPrefix, '--json'], env);
    expect({ exitCode: status.exitCode, stderr: status.exitCode === 0 ? '' : status.stderr }).toEqual({ exitCode: 0, stderr: '' });
    const report = status.json as { layout: string; upstream: Array<{ present: boolean }>; missing: string[] };
    expect(report.layout).toBe('spyglass');
    expect(report.upstream.every((state) => state.present)).toBe(true);
    // DataJoint's `~log` comes with its schema: status names the schema, not its log table.
    const expected = [...RECOMPUTE_SCHEMAS, ...addedTables.filter((name) => !name.endsWith('.~log')), ...addedColumns].map(
      (name) => lab.schemaPrefix + name,
    );
    expect([...report.missing].sort()).toEqual(expected.sort());
  });

  it('db migrate adds exactly those, with the DDL of today’s Spyglass; upstream rows and 0.5.4-only tables stay; a second migrate changes nothing', async () => {
    const tablesBefore = await tableNames(lab.schemaPrefix);
    const columnsBefore = await columns(lab.schemaPrefix);
    const checksumsBefore = await checksums();
    const recordingsBefore = await Promise.all(RECORDING_TABLES.map(recordingRows));

    const first = await runCliInProcess(['db', 'migrate', '--schema-prefix', lab.schemaPrefix, '--json'], env);
    expect({ exitCode: first.exitCode, stderr: first.exitCode === 0 ? '' : first.stderr }).toEqual({ exitCode: 0, stderr: '' });
    expect(first.json).toMatchObject({ layout: 'spyglass', schemaPrefix: lab.schemaPrefix, upToDate: false });
    // 3 schemas + their ~log, 3 columns, 11 tables.
    expect((first.json as { statements: string[] }).statements).toHaveLength(3 * 2 + 3 + 11);

    // Exactly the listed tables were added, nothing dropped (the 0.5.4-only analysis_nwbfile_log and spikesorting_merge stay).
    const tablesAfter = await tableNames(lab.schemaPrefix);
    expect(tablesAfter.filter((name) => !tablesBefore.includes(name)).sort()).toEqual([...addedTables].sort());
    expect(tablesBefore.filter((name) => !tablesAfter.includes(name))).toEqual([]);
    expect(tablesAfter).toContain('common_nwbfile.analysis_nwbfile_log');
    // Exactly the listed columns, in today's column order; every other table keeps its columns.
    const columnsAfter = await columns(lab.schemaPrefix);
    const todayColumns = await columns(today.schemaPrefix);
    for (const [table, names] of Object.entries(columnsBefore)) {
      if (RECORDING_TABLES.includes(table)) {
        expect({ table, added: columnsAfter[table]!.filter((name) => !names.includes(name)).map((name) => `${table}.${name}`) }).toEqual({
          table,
          added: addedColumns.filter((name) => name.startsWith(`${table}.`)),
        });
        expect({ table, order: columnsAfter[table] }).toEqual({ table, order: todayColumns[table] });
      } else {
        expect({ table, columns: columnsAfter[table] }).toEqual({ table, columns: names });
      }
    }
    // DDL: every added or changed table, and the added schemas, as today's Spyglass declares them.
    for (const name of [...addedTables, ...RECORDING_TABLES]) {
      expect({ table: name, ddl: await showCreate(lab.schemaPrefix, name) }).toEqual({
        table: name,
        ddl: await showCreate(today.schemaPrefix, name),
      });
    }
    for (const schema of RECOMPUTE_SCHEMAS)
      expect(await showCreateDatabase(lab.schemaPrefix, schema)).toBe(await showCreateDatabase(today.schemaPrefix, schema));

    // Contents: every table that existed is unchanged, except the recording tables, whose rows
    // gained NULL columns (update-ids fills them) and are otherwise unchanged.
    const checksumsAfter = await checksums();
    for (const [table, checksum] of Object.entries(checksumsBefore)) {
      if (!RECORDING_TABLES.includes(table)) expect({ table, checksum: checksumsAfter[table] }).toEqual({ table, checksum });
    }
    const recordingsAfter = await Promise.all(RECORDING_TABLES.map(recordingRows));
    RECORDING_TABLES.forEach((table, index) => {
      const added = addedColumns.filter((name) => name.startsWith(`${table}.`)).map((name) => name.slice(table.length + 1));
      expect(recordingsAfter[index]!.length).toBe(2);
      for (const row of recordingsAfter[index]!) for (const column of added) expect(row[column]).toBeNull();
      const without = recordingsAfter[index]!.map((row) =>
        Object.fromEntries(Object.entries(row).filter(([column]) => !added.includes(column))),
      );
      expect(without).toEqual(recordingsBefore[index]);
    });
    // The added tables are empty.
    for (const name of addedTables.filter((table) => !table.endsWith('.~log'))) expect(checksumsAfter[name]).toBe('0');

    const second = await runCliInProcess(['db', 'migrate', '--schema-prefix', lab.schemaPrefix, '--json'], env);
    expect(second.exitCode).toBe(0);
    expect(second.json).toMatchObject({ statements: [], upToDate: true });
    expect(await checksums()).toEqual(checksumsAfter);
    const status = await runCliInProcess(['db', 'status', '--schema-prefix', lab.schemaPrefix, '--json'], env);
    expect(status.json).toMatchObject({ missing: [] });
  });
});
