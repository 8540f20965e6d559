import { MikroORM, defineEntity, p } from '@mikro-orm/core';
import { MariaDbDriver } from '@mikro-orm/mariadb';
import { DataJointBlobType } from './DataJointBlobType';
import { openSpyglassServer, type SpyglassServer } from '../spyglass-layout/openSpyglassServer';
import { loadSpyglassFixture, type SpyglassFixture } from '../testing/loadSpyglassFixture';

/** Two Spyglass tables with blob columns, mapped onto the prefixed schemas of the loaded dump. */
function spyglassEntities(prefix: string) {
  const IntervalList = defineEntity({
    name: 'SpyglassIntervalList',
    tableName: 'interval_list',
    schema: `${prefix}common_interval`,
    properties: {
      nwb_file_name: p.string().primary(),
      interval_list_name: p.string().primary(),
      valid_times: p.type(new DataJointBlobType('float64-array')).columnType('longblob'),
      pipeline: p.string(),
    },
  });
  const Params = defineEntity({
    name: 'SpyglassPreprocParams',
    tableName: '#spike_sorting_preprocessing_parameters',
    schema: `${prefix}spikesorting_v1_recording`,
    properties: {
      preproc_param_name: p.string().primary(),
      preproc_params: p.type(new DataJointBlobType('python')).columnType('blob'),
    },
  });
  return { IntervalList, Params };
}

// Blob columns of the real Spyglass dump read and written through MikroORM (MariaDB only: the
// dump is MariaDB SQL; fails, never skips, when the server is unreachable).
describe('DataJointBlobType on the Spyglass dump', () => {
  let fixture: SpyglassFixture;
  let orm: MikroORM;
  let server: SpyglassServer;
  let entities: ReturnType<typeof spyglassEntities>;

  beforeAll(async () => {
    fixture = await loadSpyglassFixture();
    entities = spyglassEntities(fixture.schemaPrefix);
    const { IntervalList, Params } = entities;
    const url = new URL(fixture.serverUrl);
    orm = await MikroORM.init({
      driver: MariaDbDriver,
      host: url.hostname,
      port: Number(url.port),
      user: url.username,
      password: url.password,
      dbName: 'information_schema',
      entities: [IntervalList, Params],
      ensureDatabase: false,
      allowGlobalContext: true,
    });
    server = await openSpyglassServer(fixture.serverUrl);
  });
  afterAll(async () => {
    await server?.close();
    await orm?.close(true);
    await fixture?.drop();
  });

  const hexOf = async (schema: string, table: string, column: string, where: string) =>
    String(
      (await server.query(`SELECT HEX(\`${column}\`) AS h FROM \`${fixture.schemaPrefix}${schema}\`.\`${table}\` WHERE ${where}`))[0]!.h,
    );

  it('reads valid_times and params as JSON', async () => {
    const em = orm.em.fork();
    const raw = await em.findOneOrFail(entities.IntervalList, {
      nwb_file_name: 'oracle_raw.nwb',
      interval_list_name: 'raw data valid times',
    });
    expect((raw as { valid_times: unknown }).valid_times).toEqual([[1687429800.0, 1687429802.9999666]]);
    const params = await em.findOneOrFail(entities.Params, { preproc_param_name: 'default' });
    expect((params as { preproc_params: unknown }).preproc_params).toMatchObject({
      frequency_min: 300,
      frequency_max: 6000,
      margin_ms: 5,
      seed: 0,
    });
  });

  it('writes the bytes DataJoint wrote for the same Python values', async () => {
    const em = orm.em.fork();
    const sortint = (await em.findOneOrFail(entities.IntervalList, { nwb_file_name: 'oracle_raw.nwb', interval_list_name: 'sortint' })) as {
      valid_times: unknown;
    };
    em.create(entities.IntervalList, {
      nwb_file_name: 'oracle_raw.nwb',
      interval_list_name: 'sortint copy',
      valid_times: sortint.valid_times,
      pipeline: '',
    });
    const params = (await em.findOneOrFail(entities.Params, { preproc_param_name: 'default' })) as { preproc_params: unknown };
    em.create(entities.Params, { preproc_param_name: 'default copy', preproc_params: params.preproc_params });
    await em.flush();
    expect(await hexOf('common_interval', 'interval_list', 'valid_times', "interval_list_name = 'sortint copy'")).toBe(
      await hexOf('common_interval', 'interval_list', 'valid_times', "interval_list_name = 'sortint'"),
    );
    expect(
      await hexOf(
        'spikesorting_v1_recording',
        '#spike_sorting_preprocessing_parameters',
        'preproc_params',
        "preproc_param_name = 'default copy'",
      ),
    ).toBe(
      await hexOf(
        'spikesorting_v1_recording',
        '#spike_sorting_preprocessing_parameters',
        'preproc_params',
        "preproc_param_name = 'default'",
      ),
    );
  });
});
