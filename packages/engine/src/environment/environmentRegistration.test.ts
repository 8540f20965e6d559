import type { EnvironmentRecord, EnvironmentSnapshot } from './EnvironmentSnapshot';
import { environmentHash } from './environmentHash';
import { InMemoryEnvironmentStore } from './InMemoryEnvironmentStore';
import { registerEnvironment } from './registerEnvironment';
import { registerEnvironmentAs } from './registerEnvironmentAs';

/*
 * Registering environments under concurrency and under a chosen id: the retry when another
 * process takes an id first, the give-up after 20 tries, the stored timestamp and flags, and the
 * env id rule (1-127 characters, starting with a letter or digit).
 */
const snapshot = (version: string, hasEditable = false): EnvironmentSnapshot => ({
  runtime: { node: '20.0.0', platform: 'linux', arch: 'x64' },
  packages: { a: version },
  editable: hasEditable ? { a: 'linked' } : {},
  hasEditable,
});

/** A store where other processes take the next `steals` ids just before each insert. */
class RacedStore extends InMemoryEnvironmentStore {
  inserts = 0;
  constructor(private steals: number) {
    super();
  }
  override async insert(record: EnvironmentRecord): Promise<'inserted' | 'duplicate'> {
    this.inserts += 1;
    if (this.steals > 0) {
      this.steals -= 1;
      await super.insert({ ...record, envHash: `other-${this.inserts}`, env: snapshot(`other-${this.inserts}`) });
    }
    return super.insert(record);
  }
}

describe('registerEnvironment under concurrency', () => {
  it('takes the next free id when another process took the chosen one first, and stores the time and flags', async () => {
    const store = new RacedStore(2);
    const at = new Date('2026-06-01T00:00:00Z');
    const registered = await registerEnvironment(store, snapshot('1', true), { user: 'ann', envName: 'lab', now: () => at });
    expect(registered).toEqual({ envId: 'ann_lab_02', envHash: environmentHash(snapshot('1', true)), inserted: true, hasEditable: true });
    expect(store.inserts).toBe(3);
    expect(await store.findById('ann_lab_02')).toMatchObject({ timestamp: at, hasEditable: true, env: snapshot('1', true) });
  });

  it('an identical environment stored meanwhile is the answer, with its editable flag', async () => {
    const store = new InMemoryEnvironmentStore();
    await registerEnvironmentAs(store, snapshot('1', true), 'custom_id');
    expect(await registerEnvironment(store, snapshot('1', true), { user: 'ann', envName: 'lab' })).toEqual({
      envId: 'custom_id',
      envHash: environmentHash(snapshot('1', true)),
      inserted: false,
      hasEditable: true,
    });
  });

  it('gives up with ENV_ID_CONTENTION (exit 1) after 20 ids were taken from under it', async () => {
    const store = new RacedStore(Number.POSITIVE_INFINITY);
    await expect(registerEnvironment(store, snapshot('1'), { user: 'ann', envName: 'lab' })).rejects.toMatchObject({
      code: 'ENV_ID_CONTENTION',
      exitCode: 1,
    });
    expect(store.inserts).toBe(20);
  });
});

describe('registerEnvironmentAs', () => {
  it('accepts 1 to 127 letters, digits, _ . - starting with a letter or digit', async () => {
    const store = new InMemoryEnvironmentStore();
    for (const [index, id] of ['a', `Z${'x'.repeat(126)}`, '9_lab.spring-2026'].entries()) {
      expect(await registerEnvironmentAs(store, snapshot(String(index)), id)).toMatchObject({ envId: id, inserted: true });
    }
    for (const id of ['', `a${'x'.repeat(127)}`, '_lab', '.lab', 'lab id', 'lab/1', 'läb']) {
      await expect(registerEnvironmentAs(store, snapshot('bad'), id)).rejects.toMatchObject({ code: 'ENV_ID_INVALID' });
    }
  });

  it('stores the time it is given and the editable flag; storing it again returns the stored flag', async () => {
    const store = new InMemoryEnvironmentStore();
    const at = new Date('2026-06-02T00:00:00Z');
    expect(await registerEnvironmentAs(store, snapshot('1', true), 'mine', { now: () => at })).toMatchObject({
      inserted: true,
      hasEditable: true,
    });
    expect(await store.findById('mine')).toMatchObject({ timestamp: at, hasEditable: true });
    expect(await registerEnvironmentAs(store, snapshot('1', true), 'mine')).toEqual({
      envId: 'mine',
      envHash: environmentHash(snapshot('1', true)),
      inserted: false,
      hasEditable: true,
    });
  });
});
