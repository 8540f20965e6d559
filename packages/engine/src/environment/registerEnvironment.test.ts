import path from 'node:path';
import type { EnvironmentSnapshot } from './EnvironmentSnapshot';
import { InMemoryEnvironmentStore } from './InMemoryEnvironmentStore';
import { nextEnvironmentId } from './nextEnvironmentId';
import { registerEnvironment, requireEnvironment } from './registerEnvironment';
import { resolveCurrentEnvironment } from './resolveCurrentEnvironment';

const snapshot = (version: string): EnvironmentSnapshot => ({
  runtime: { node: '20.0.0', platform: 'linux', arch: 'x64' },
  packages: { a: version },
  editable: {},
  hasEditable: false,
});

describe('registerEnvironment', () => {
  it('reuses the row of an identical environment and increments the id for a new one under a taken name', async () => {
    const store = new InMemoryEnvironmentStore();
    const first = await registerEnvironment(store, snapshot('1'), { user: 'ann', envName: 'default' });
    expect(first).toMatchObject({ envId: 'ann_default_00', inserted: true });
    const again = await registerEnvironment(store, snapshot('1'), { user: 'ann', envName: 'default' });
    expect(again).toMatchObject({ envId: 'ann_default_00', inserted: false });
    const changed = await registerEnvironment(store, snapshot('2'), { user: 'ann', envName: 'default' });
    expect(changed).toMatchObject({ envId: 'ann_default_01', inserted: true });
    // the returned id is the id actually stored (upstream returned the requested one)
    expect((await store.findById(changed.envId))?.envHash).toBe(changed.envHash);
  });

  it('raises ENV_NOT_FOUND for an unknown id', async () => {
    await expect(requireEnvironment(new InMemoryEnvironmentStore(), 'nobody_x_00')).rejects.toMatchObject({
      code: 'ENV_NOT_FOUND',
      exitCode: 2,
    });
  });

  it('nextEnvironmentId continues after the highest suffix', () => {
    expect(nextEnvironmentId('u', 'e', [])).toBe('u_e_00');
    expect(nextEnvironmentId('u', 'e', ['u_e_00', 'u_e_07', 'u_e_x_03'])).toBe('u_e_08');
  });
});

describe('resolveCurrentEnvironment', () => {
  it('captures this package and stores it once', async () => {
    const store = new InMemoryEnvironmentStore();
    const options = { packageDirs: [path.resolve(__dirname, '../..')], user: 'ci', envName: 'node', isDirtyCheckout: () => false };
    const first = await resolveCurrentEnvironment(store, options);
    const second = await resolveCurrentEnvironment(store, options);
    expect(first).toMatchObject({ envId: 'ci_node_00', inserted: true, hasEditable: true });
    expect(second).toMatchObject({ envId: 'ci_node_00', inserted: false, envHash: first.envHash });
    expect(second.snapshot.packages['@spyglass-recompute/engine']).toBeDefined();
  });
});
