import { createTestDatabase, testBackends, UserEnvironment, type TestDatabase } from '@spyglass-recompute/schema';
import type { EnvironmentSnapshot } from './EnvironmentSnapshot';
import { MikroOrmEnvironmentStore } from './MikroOrmEnvironmentStore';
import { registerEnvironment, requireEnvironment } from './registerEnvironment';

const snapshot = (version: string): EnvironmentSnapshot => ({
  runtime: { node: '20.0.0', platform: 'linux', arch: 'x64' },
  packages: { a: version, 'b_c%': '1' },
  editable: {},
  hasEditable: false,
});

describe.each(testBackends())('UserEnvironment store (%s)', (backend) => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase(backend);
  });
  afterAll(async () => db.drop());

  it('stores the environment once, increments the id for a changed one, returns the stored id, round-trips the JSON', async () => {
    const store = new MikroOrmEnvironmentStore(db.orm.em);
    const first = await registerEnvironment(store, snapshot('1'), { user: 'ann', envName: 'my_env' });
    expect(first).toMatchObject({ envId: 'ann_my_env_00', inserted: true });
    expect(await registerEnvironment(store, snapshot('1'), { user: 'ann', envName: 'my_env' })).toMatchObject({
      envId: 'ann_my_env_00',
      inserted: false,
    });
    // a different user whose name is a LIKE-prefix look-alike does not disturb numbering
    await registerEnvironment(store, snapshot('9'), { user: 'ann', envName: 'my' });
    const second = await registerEnvironment(store, snapshot('2'), { user: 'ann', envName: 'my_env' });
    expect(second).toMatchObject({ envId: 'ann_my_env_01', inserted: true });
    const stored = await requireEnvironment(store, second.envId);
    expect(stored.envHash).toBe(second.envHash);
    expect(stored.env).toEqual(snapshot('2'));
    await expect(requireEnvironment(store, 'ann_nope_00')).rejects.toMatchObject({ code: 'ENV_NOT_FOUND' });
    expect((await store.list()).map((row) => row.envId)).toEqual(['ann_my_00', 'ann_my_env_00', 'ann_my_env_01']);
  });

  it('lists ids by their exact prefix (LIKE only narrows: `_` there matches any character)', async () => {
    const store = new MikroOrmEnvironmentStore(db.orm.em);
    const record = (envId: string, version: string) => ({
      envId,
      envHash: `hash-of-${envId}`,
      env: snapshot(version),
      hasEditable: false,
      timestamp: new Date('2026-01-01T00:00:00Z'),
    });
    expect(await store.insert(record('bob_lab_00', '3'))).toBe('inserted');
    expect(await store.insert(record('bobXlabX01', '4'))).toBe('inserted');
    expect(await store.listIdsWithPrefix('bob_lab_')).toEqual(['bob_lab_00']);
    // the same id again is a duplicate, not an error
    expect(await store.insert(record('bob_lab_00', '5'))).toBe('duplicate');
    // Spyglass's UserEnvironment.hash_algorithm column holds 'md5' for our rows as for its own
    const row = await db.orm.em.fork().findOneOrFail(UserEnvironment, { env_id: 'bob_lab_00' });
    expect(row.hash_algorithm).toBe('md5');
  });

  it('passes on an insert failure other than a duplicate id', async () => {
    const store = new MikroOrmEnvironmentStore(db.orm.em);
    const missingId = { envId: null as unknown as string, envHash: 'h', env: snapshot('6'), hasEditable: false, timestamp: new Date() };
    // a NOT NULL violation is thrown, never reported as 'duplicate' (which would make registration retry)
    await expect(store.insert(missingId)).rejects.toThrow();
  });
});
