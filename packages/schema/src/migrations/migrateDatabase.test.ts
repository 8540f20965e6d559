import {
  MIGRATIONS_TABLE,
  SpikeSortingRecordingV0,
  SpikeSortingRecordingV1,
  createTestDatabase,
  migrateDatabase,
  loadMigrator,
  migrationNames,
  migrationStatus,
  pendingMigrations,
  testBackends,
  type RecomputeOrm,
  type TestDatabase,
} from '../index';
import { migrationsList } from './migrationsList';
import { NWB, RID_LOWER, sampleRows, v0Key, type AnyEntityName } from '../test-support/sampleRows';

const ALL = migrationsList.map((migration) => migration.name);
const BASE = ALL[0];

/** Every table's columns (name, type, nullability), SQL-dialect independent enough to compare two databases of one backend. */
async function describeSchema(orm: RecomputeOrm, backend: string): Promise<Record<string, string[]>> {
  const conn = orm.em.getConnection();
  const schema: Record<string, string[]> = {};
  if (backend === 'sqlite') {
    const tables = await conn.execute(
      `select name from sqlite_master where type = 'table' and name not like 'sqlite_%' and name <> '${MIGRATIONS_TABLE}' order by name`,
    );
    for (const { name } of tables) {
      const columns = await conn.execute(
        `select name, type, "notnull" as nn, dflt_value as dflt, pk from pragma_table_info('${name}') order by name`,
      );
      const fks = await conn.execute(
        `select "table" as t, "from" as f, "to" as too, on_delete as od from pragma_foreign_key_list('${name}') order by id, seq`,
      );
      schema[name] = [
        ...columns.map((c) => `${c.name} ${c.type} nn=${c.nn} d=${c.dflt} pk=${c.pk}`),
        ...fks.map((fk) => `fk ${fk.f}->${fk.t}.${fk.too} ${fk.od}`),
      ];
    }
    return schema;
  }
  const columns = await conn.execute(
    `select table_name as t, column_name as c, column_type as ty, is_nullable as n, column_default as d, column_key as k from information_schema.columns where table_schema = database() and table_name <> '${MIGRATIONS_TABLE}' order by table_name, column_name`,
  );
  for (const row of columns) (schema[row.t] ??= []).push(`${row.c} ${row.ty} n=${row.n} d=${row.d} k=${row.k}`);
  const fks = await conn.execute(
    `select k.table_name as t, k.constraint_name as n, k.column_name as c, k.referenced_table_name as rt, k.referenced_column_name as rc, r.delete_rule as dr from information_schema.key_column_usage k join information_schema.referential_constraints r on r.constraint_schema = k.constraint_schema and r.constraint_name = k.constraint_name where k.table_schema = database() order by k.table_name, k.constraint_name, k.ordinal_position`,
  );
  for (const row of fks) schema[row.t].push(`fk ${row.n} ${row.c}->${row.rt}.${row.rc} ${row.dr}`);
  return schema;
}

test('migrationNames lists the committed migration classes, in order', () => {
  expect(migrationNames).toEqual(ALL);
});

describe.each(testBackends())('migrations on %s', (backend) => {
  const opened: TestDatabase[] = [];
  async function freshDatabase(migrate: boolean): Promise<TestDatabase> {
    const db = await createTestDatabase(backend, { migrate });
    opened.push(db);
    return db;
  }
  afterAll(async () => {
    for (const db of opened) await db.drop();
  });

  test('an empty database migrates to the full schema; a second run applies nothing', async () => {
    const db = await freshDatabase(false);
    // Before anything (no migrations table yet) and after migrationStatus created it.
    expect(await pendingMigrations(db.orm)).toEqual(ALL);
    expect(await migrationStatus(db.orm)).toEqual({ executed: [], pending: ALL });
    expect(await pendingMigrations(db.orm)).toEqual(ALL);
    expect(await migrateDatabase(db.orm)).toEqual({ applied: ALL });
    expect(await pendingMigrations(db.orm)).toEqual([]);
    const schema = await describeSchema(db.orm, backend);
    expect(await migrateDatabase(db.orm)).toEqual({ applied: [] });
    expect(await describeSchema(db.orm, backend)).toEqual(schema);
    expect(await migrationStatus(db.orm)).toEqual({ executed: ALL, pending: [] });
    // every entity's table exists and is queryable
    const em = db.orm.em.fork();
    for (const [entity] of sampleRows()) await expect(em.count(entity as AnyEntityName)).resolves.toBe(0);
  });

  test('a database holding the pre-recompute layout is upgraded in place, keeping every row', async () => {
    // Build the old layout: the base migration only, then forget it ever ran (as a database made
    // before migrations were tracked would look).
    const old = await freshDatabase(false);
    await loadMigrator(old.orm).up({ to: BASE });
    await old.orm.em.getConnection().execute(`drop table ${MIGRATIONS_TABLE}`);
    const conn = old.orm.em.getConnection();
    const columnsOf = async (table: string): Promise<string[]> =>
      backend === 'sqlite'
        ? (await conn.execute(`select name from pragma_table_info('${table}')`)).map((row) => row.name as string)
        : (
            await conn.execute(
              `select column_name as name from information_schema.columns where table_schema = database() and table_name = '${table}'`,
            )
          ).map((row) => row.name as string);
    expect(await columnsOf('spikesorting_v1__spike_sorting_recording')).not.toContain('hash');
    expect(await columnsOf('spikesorting_v1__spike_sorting_recording')).not.toContain('electrodes_id');
    expect(await columnsOf('spikesorting_v0__spike_sorting_recording')).not.toContain('hash');

    // Seed old rows with plain SQL (the entities already know the new columns).
    const uuidLiteral = backend === 'sqlite' ? `'${RID_LOWER}'` : `x'${RID_LOWER.replace(/-/g, '')}'`;
    const statements = [
      `insert into common__nwbfile values ('${NWB}', '/data/raw/${NWB}')`,
      `insert into common__analysis_nwbfile values ('a.nwb', '/data/analysis/a.nwb', '${NWB}', '')`,
      `insert into common__session (nwb_file_name, session_description) values ('${NWB}', 'old')`,
      `insert into common__interval_list values ('${NWB}', 'raw data valid times', '[[0, 10]]', '')`,
      `insert into common__lab_team values ('LorenLab', '')`,
      `insert into spikesorting_v0__sort_group values ('${NWB}', 0, -1)`,
      `insert into spikesorting_v0__sort_interval values ('${NWB}', 'raw data valid times', '[0, 10]')`,
      `insert into spikesorting_v0__spike_sorting_preprocessing_parameters values ('default', '{"frequency_min": 300}')`,
      `insert into spikesorting_v0__spike_sorting_recording_selection values ('${NWB}', 0, 'raw data valid times', 'default', 'LorenLab', 'raw data valid times')`,
      `insert into spikesorting_v0__spike_sorting_recording values ('${NWB}', 0, 'raw data valid times', 'default', 'LorenLab', '/data/recording/old0', 'old0')`,
      `insert into spikesorting_v1__sort_group values ('${NWB}', 0, -1)`,
      `insert into spikesorting_v1__spike_sorting_preprocessing_parameters values ('default', '{"frequency_min": 300}')`,
      `insert into spikesorting_v1__spike_sorting_recording_selection values (${uuidLiteral}, '${NWB}', 0, 'raw data valid times', 'default', 'LorenLab')`,
      `insert into spikesorting_v1__spike_sorting_recording values (${uuidLiteral}, 'a.nwb', 'object-1')`,
    ];
    for (const statement of statements) await conn.execute(statement);

    expect(await migrationStatus(old.orm)).toEqual({ executed: [], pending: ALL });
    expect(await migrateDatabase(old.orm)).toEqual({ applied: ALL });
    expect(await migrateDatabase(old.orm)).toEqual({ applied: [] });

    const em = old.orm.em.fork();
    expect(await em.findOneOrFail(SpikeSortingRecordingV1, { recording_id: RID_LOWER })).toMatchObject({
      analysis_file_name: 'a.nwb',
      object_id: 'object-1',
      electrodes_id: null,
      hash: null,
      hash_algorithm: null,
    });
    expect(await em.findOneOrFail(SpikeSortingRecordingV0, v0Key)).toMatchObject({ recording_path: '/data/recording/old0', hash: null });
    const counts = await Promise.all(
      [
        'common__nwbfile',
        'common__session',
        'spikesorting_v0__spike_sorting_recording',
        'spikesorting_v1__spike_sorting_recording_selection',
      ].map(async (table) => Number((await conn.execute(`select count(*) as n from ${table}`))[0].n)),
    );
    expect(counts).toEqual([1, 1, 1, 1]);

    // The upgraded database ends at the same schema as a fresh one.
    const fresh = await freshDatabase(true);
    expect(await describeSchema(old.orm, backend)).toEqual(await describeSchema(fresh.orm, backend));
  });

  test('migrating from a partial run continues where it stopped', async () => {
    const db = await freshDatabase(false);
    await loadMigrator(db.orm).up({ to: BASE });
    expect(await migrationStatus(db.orm)).toEqual({ executed: [BASE], pending: ALL.slice(1) });
    expect(await pendingMigrations(db.orm)).toEqual(ALL.slice(1));
    expect(await migrateDatabase(db.orm)).toEqual({ applied: ALL.slice(1) });
  });
});
