import { ReferenceKind, type EntityProperty } from '@mikro-orm/core';
import { Electrode } from '../common/Electrode';
import { AnalysisNwbfile } from '../common/AnalysisNwbfile';
import { IntervalList } from '../common/IntervalList';
import { Nwbfile } from '../common/Nwbfile';
import { Probe } from '../common/Probe';
import { UserEnvironment } from '../common/UserEnvironment';
import { openDatabase, type RecomputeOrm } from '../connection/openDatabase';
import { loadSpyglassFixture, type SpyglassFixture } from '../testing/loadSpyglassFixture';
import { SpikeSortingPreprocessingParametersV1 } from '../v1/SpikeSortingPreprocessingParametersV1';
import { SpikeSortingRecordingV1 } from '../v1/SpikeSortingRecordingV1';
import { RecordingRecomputeVersionsV1 } from '../v1/RecordingRecomputeVersionsV1';
import { RecordingRecomputeHashV1 } from '../v1/RecordingRecomputeV1';
import { SortIntervalV0 } from '../v0/SortIntervalV0';
import { SPYGLASS_ENTITY_MAPPING, SPYGLASS_UNMAPPED_ENTITIES } from './spyglassEntityMapping';

// The same entity definitions mapped onto the real Spyglass dump (MariaDB only; never skips).
describe('Spyglass layout: entity mapping on the dump', () => {
  let fixture: SpyglassFixture;
  let orm: RecomputeOrm;
  beforeAll(async () => {
    fixture = await loadSpyglassFixture();
    orm = await openDatabase(fixture.serverUrl, {
      spyglass: {
        schemaPrefix: fixture.schemaPrefix,
        storeRoots: { raw: `${fixture.baseDir}/raw`, analysis: `${fixture.baseDir}/analysis` },
      },
    });
  });
  afterAll(async () => {
    await orm?.close(true);
    await fixture?.drop();
  });

  it('maps every persisted column of every entity onto an existing Spyglass column of a compatible type', async () => {
    const columns = (await orm.em
      .getConnection()
      .execute(
        'SELECT table_schema, table_name, column_name, data_type, column_type FROM information_schema.columns WHERE table_schema LIKE ?',
        [`${fixture.schemaPrefix}%`],
        'all',
      )) as Array<{ table_schema: string; table_name: string; column_name: string; data_type: string; column_type: string }>;
    const byTable = new Map<string, Map<string, string>>();
    for (const c of columns) {
      const key = `${c.table_schema}.${c.table_name}`;
      if (!byTable.has(key)) byTable.set(key, new Map());
      byTable.get(key)!.set(c.column_name, c.column_type.toLowerCase());
    }
    const mismatches: string[] = [];
    let checked = 0;
    const metas = Object.values(orm.getMetadata().getAll()).filter((meta) => !SPYGLASS_UNMAPPED_ENTITIES.includes(meta.className));
    expect(metas.map((meta) => meta.className).sort()).toEqual(Object.keys(SPYGLASS_ENTITY_MAPPING).sort());
    for (const meta of metas) {
      const table = byTable.get(`${meta.schema}.${meta.tableName}`);
      if (!table) {
        mismatches.push(`${meta.className}: no table ${meta.schema}.${meta.tableName}`);
        continue;
      }
      for (const prop of Object.values(meta.properties) as EntityProperty[]) {
        if (prop.kind !== ReferenceKind.SCALAR || prop.persist === false || prop.formula) continue;
        const column = prop.fieldNames[0]!;
        const type = table.get(column);
        checked += 1;
        if (!type) {
          mismatches.push(`${meta.className}.${prop.name}: no column ${meta.tableName}.${column}`);
          continue;
        }
        const ours = String(prop.customType?.constructor.name ?? prop.type).toLowerCase();
        const compatible = ours.includes('uuid')
          ? type === 'binary(16)'
          : ours.includes('datajointblob')
            ? /blob$/.test(type)
            : ours.includes('enumbool')
              ? type === "enum('true','false')"
              : ['boolean'].includes(ours)
                ? type === 'tinyint(1)'
                : ['number', 'integer', 'int'].includes(ours)
                  ? /^(int|smallint|tinyint|bigint|float|double)/.test(type)
                  : ours === 'double' || ours === 'doubletype'
                    ? /^(float|double)/.test(type)
                    : ours.includes('date')
                      ? /^(datetime|timestamp)/.test(type)
                      : prop.enum
                        ? type === `enum(${(prop.items ?? []).map((item) => `'${String(item).toLowerCase()}'`).join(',')})`
                        : /^(varchar|char)/.test(type);
        if (!compatible) mismatches.push(`${meta.className}.${prop.name}: ours ${ours}, Spyglass ${type}`);
      }
    }
    expect(mismatches).toEqual([]);
    expect(checked).toBeGreaterThan(100);
  });

  it('reads Spyglass rows through the shared entities: filepaths, blobs, enum booleans, uuids', async () => {
    const em = orm.em.fork();
    const nwb = await em.findOneOrFail(Nwbfile, { nwb_file_name: 'oracle_raw.nwb' });
    expect(nwb.nwb_file_abs_path).toBe(`${fixture.baseDir}/raw/oracle_raw.nwb`);
    const analysis = await em.findOneOrFail(AnalysisNwbfile, { analysis_file_name: 'oracle_raw_group0_ORACLE0000.nwb' });
    expect(analysis.analysis_file_abs_path).toBe(`${fixture.baseDir}/analysis/oracle_raw_group0/oracle_raw_group0_ORACLE0000.nwb`);
    expect(analysis.analysis_parent_nwb_file_name).toBe('oracle_raw.nwb');
    const raw = await em.findOneOrFail(IntervalList, { nwb_file_name: 'oracle_raw.nwb', interval_list_name: 'raw data valid times' });
    expect(raw.valid_times).toEqual([[1687429800.0, 1687429802.9999666]]);
    const params = await em.findOneOrFail(SpikeSortingPreprocessingParametersV1, { preproc_param_name: 'default' });
    expect(params.preproc_params).toMatchObject({ frequency_min: 300, frequency_max: 6000, margin_ms: 5, seed: 0, min_segment_length: 1 });
    const recordings = await em.find(SpikeSortingRecordingV1, {}, { orderBy: { analysis_file_name: 'asc' } });
    expect(recordings.map((r) => [r.recording_id, r.hash, r.hash_algorithm ?? null])).toEqual([
      ['a2ed3f38-d5bd-5f7b-b068-613af6364bcb', '4d65b2101af8bf9e0e842e728eaa054f', null],
      ['e37037a9-c894-5e77-9512-3d881dd0181d', null, null],
    ]);
    const versions = await em.findOneOrFail(RecordingRecomputeVersionsV1, { recording_id: 'e37037a9-c894-5e77-9512-3d881dd0181d' });
    expect(versions.nwb_deps).toEqual({ core: '2.6.0-alpha', 'hdmf-common': '1.5.1', 'hdmf-experimental': '0.2.0', spyglass: 'oracle' });
    const hashes = await em.find(RecordingRecomputeHashV1, {});
    expect(hashes.map((h) => [h.name, h.old_hash ?? null])).toEqual([['acquisition/ProcessedElectricalSeries/data', null]]);
    const env = await em.findOneOrFail(UserEnvironment, { env_id: 'root_spyglass_00' });
    expect(env.hash_algorithm).toBe('md5');
    expect(typeof env.env).toBe('object');
    const electrodes = await em.find(Electrode, { nwb_file_name: 'oracle_raw.nwb' });
    expect(electrodes).toHaveLength(8);
    expect(electrodes.map((e) => [e.bad_channel, e.location])).toEqual(Array(8).fill([false, 'CA1']));
    const probe = await em.findOneOrFail(Probe, { probe_id: 'tetrode_12.5' });
    expect(typeof probe.contact_side_numbering).toBe('boolean');
    expect(Number(probe.num_shanks)).toBe(1);
    const sortInterval = await em.findOneOrFail(SortIntervalV0, { nwb_file_name: 'oracle_raw.nwb', sort_interval_name: 'sortint' });
    expect(Array.isArray(sortInterval.sort_interval)).toBe(true);
  });
  it('with recorded store locations, filepath@store columns read as the registered paths (recorded location + filepath)', async () => {
    const recorded = await openDatabase(fixture.serverUrl, {
      spyglass: {
        schemaPrefix: fixture.schemaPrefix,
        storeRoots: { raw: `${fixture.baseDir}/raw`, analysis: `${fixture.baseDir}/analysis` },
        storeLocations: { raw: '/data/spyglass/raw', analysis: '/data/spyglass/analysis/' },
      },
    });
    try {
      const em = recorded.em.fork();
      expect((await em.findOneOrFail(Nwbfile, { nwb_file_name: 'oracle_raw.nwb' })).nwb_file_abs_path).toBe(
        '/data/spyglass/raw/oracle_raw.nwb',
      );
      const analysis = await em.findOneOrFail(AnalysisNwbfile, { analysis_file_name: 'oracle_raw_group0_ORACLE0000.nwb' });
      expect(analysis.analysis_file_abs_path).toBe('/data/spyglass/analysis/oracle_raw_group0/oracle_raw_group0_ORACLE0000.nwb');
    } finally {
      await recorded.close(true);
    }
    // The other ORM on the same process keeps the local roots.
    expect((await orm.em.fork().findOneOrFail(Nwbfile, { nwb_file_name: 'oracle_raw.nwb' })).nwb_file_abs_path).toBe(
      `${fixture.baseDir}/raw/oracle_raw.nwb`,
    );
  });
});
