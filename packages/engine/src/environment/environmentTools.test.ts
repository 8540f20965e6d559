import { UserEnvironment, createTestDatabase, testBackends, type TestDatabase } from '@spyglass-recompute/schema';
import type { EnvironmentRecord, EnvironmentSnapshot } from './EnvironmentSnapshot';
import { environmentManifest } from './environmentManifest';
import { MikroOrmEnvironmentStore } from './MikroOrmEnvironmentStore';
import { registerEnvironmentAs } from './registerEnvironmentAs';

const snapshot = (version: string): EnvironmentSnapshot => ({
  runtime: { node: '20.0.0', platform: 'linux', arch: 'x64' },
  packages: { a: version },
  editable: {},
  hasEditable: false,
});

describe.each(testBackends())('env capture --id: registerEnvironmentAs (%s)', (backend) => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase(backend);
  });
  afterAll(async () => db.drop());
  const rows = async () => (await db.orm.em.fork().find(UserEnvironment, {}, { orderBy: { env_id: 'asc' } })).map((row) => row.env_id);

  it('stores under exactly the id; again is a no-op; a taken id, an already-stored environment and a bad id are typed errors', async () => {
    const store = new MikroOrmEnvironmentStore(db.orm.em);
    expect(await registerEnvironmentAs(store, snapshot('1'), 'lab_spring.2026')).toMatchObject({
      envId: 'lab_spring.2026',
      inserted: true,
    });
    expect(await rows()).toEqual(['lab_spring.2026']);
    expect(await registerEnvironmentAs(store, snapshot('1'), 'lab_spring.2026')).toMatchObject({
      envId: 'lab_spring.2026',
      inserted: false,
    });
    await expect(registerEnvironmentAs(store, snapshot('1'), 'other_name')).rejects.toMatchObject({
      code: 'ENV_ALREADY_STORED',
      exitCode: 2,
      message: expect.stringContaining('lab_spring.2026'),
    });
    await expect(registerEnvironmentAs(store, snapshot('2'), 'lab_spring.2026')).rejects.toMatchObject({
      code: 'ENV_ID_TAKEN',
      exitCode: 2,
    });
    await expect(registerEnvironmentAs(store, snapshot('3'), 'bad id; drop')).rejects.toMatchObject({
      code: 'ENV_ID_INVALID',
      exitCode: 2,
    });
    await expect(registerEnvironmentAs(store, snapshot('3'), 'x'.repeat(128))).rejects.toMatchObject({ code: 'ENV_ID_INVALID' });
    expect(await rows()).toEqual(['lab_spring.2026']);
  });
});

describe('env export: environmentManifest', () => {
  const record: EnvironmentRecord = {
    envId: 'Ann_Default_00',
    envHash: '0123456789abcdef0123456789abcdef',
    hasEditable: true,
    timestamp: new Date(0),
    env: {
      runtime: { node: '20.20.2', platform: 'linux', arch: 'x64' },
      packages: {
        '@mikro-orm/core': '6.6.16',
        '@spyglass-recompute/v1': '0.1.0',
        h5wasm: '0.10.3',
        semver: '6.3.1 | 7.7.2',
        'optional-gone': 'MISSING',
      },
      editable: { '@spyglass-recompute/v1': 'linked workspace:^' },
      hasEditable: true,
    },
  };

  it('pins every registry package exactly in package.json (dependencies + overrides) and a flat v3 lockfile; lists the rest with why', () => {
    const manifest = environmentManifest(record, { registry: 'https://registry.example.org/' });
    const pinned = { '@mikro-orm/core': '6.6.16', h5wasm: '0.10.3' };
    expect(manifest.packageJson).toMatchObject({
      name: 'recompute-env-ann_default_00',
      private: true,
      engines: { node: '20.20.2' },
      dependencies: pinned,
      overrides: pinned,
      recompute: { envId: 'Ann_Default_00', envHash: record.envHash, runtime: record.env.runtime },
    });
    expect(manifest.packageLock).toEqual({
      name: 'recompute-env-ann_default_00',
      version: '0.0.0',
      lockfileVersion: 3,
      requires: true,
      packages: {
        '': { name: 'recompute-env-ann_default_00', version: '0.0.0', dependencies: pinned },
        'node_modules/@mikro-orm/core': { version: '6.6.16', resolved: 'https://registry.example.org/@mikro-orm/core/-/core-6.6.16.tgz' },
        'node_modules/h5wasm': { version: '0.10.3', resolved: 'https://registry.example.org/h5wasm/-/h5wasm-0.10.3.tgz' },
      },
    });
    expect(manifest.notInstallable).toEqual({
      '@spyglass-recompute/v1': 'not from a registry (linked workspace:^)',
      semver: 'installed at several versions (6.3.1 | 7.7.2)',
      'optional-gone': 'was missing from the installation',
    });
  });
});
