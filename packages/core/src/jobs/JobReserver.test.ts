import { dataJointKeyHash } from './dataJointKeyHash';
import { InMemoryJobStore } from './InMemoryJobStore';
import { JobReserver } from './JobReserver';

describe('JobReserver (DataJoint ~jobs semantics + lease)', () => {
  it('reserves a key once, deletes the row on completion, keeps error rows with message and stack', async () => {
    const store = new InMemoryJobStore();
    const a = new JobReserver(store, { tableName: 't', owner: { host: 'h', pid: 1 } });
    const b = new JobReserver(store, { tableName: 't', owner: { host: 'h', pid: 2 } });
    const lease = await a.reserve({ id: 1 });
    expect(lease).not.toBeNull();
    expect(await b.reserve({ id: 1 })).toBeNull();
    await lease!.complete();
    expect(await store.list('t')).toEqual([]);

    const failing = await b.reserve({ id: 2 });
    await failing!.fail(new Error('boom'));
    const [row] = await store.list('t');
    expect(row).toMatchObject({ status: 'error', errorMessage: 'boom', keyHash: dataJointKeyHash({ id: 2 }) });
    expect(row!.errorStack).toContain('boom');
    expect(await a.reserve({ id: 2 })).toBeNull(); // error rows are skipped until removed

    await store.tryInsert({ ...row!, keyHash: dataJointKeyHash({ id: 3 }), status: 'ignore', leaseExpiresAt: null });
    expect(await a.reserve({ id: 3 })).toBeNull();
    expect(await store.remove('t', 'error')).toBe(1);
    expect(await a.reserve({ id: 2 })).not.toBeNull();
  });

  it('lets another worker take over a reservation whose lease expired, and the old owner loses it', async () => {
    let clock = 1_000_000;
    const now = () => new Date(clock);
    const store = new InMemoryJobStore();
    const dead = new JobReserver(store, { tableName: 't', leaseMs: 1000, heartbeatMs: 1e9, now, owner: { host: 'h', pid: 1 } });
    const alive = new JobReserver(store, { tableName: 't', leaseMs: 1000, heartbeatMs: 1e9, now, owner: { host: 'h', pid: 2 } });
    const first = await dead.reserve({ id: 1 });
    clock += 500;
    expect(await alive.reserve({ id: 1 })).toBeNull();
    await first!.heartbeat(); // renewed until clock + 1000
    clock += 900;
    expect(await alive.reserve({ id: 1 })).toBeNull();
    clock += 200;
    const second = await alive.reserve({ id: 1 });
    expect(second).not.toBeNull();
    await first!.heartbeat();
    expect(first!.held).toBe(false);
    await first!.complete(); // not the owner any more: a no-op
    expect(await store.list('t')).toHaveLength(1);
    await second!.complete();
    expect(await store.list('t')).toHaveLength(0);
  });

  it('hashes keys like DataJoint (md5 of str(value) in sorted field order)', () => {
    // md5("b" + "1") for {a: 'b', z: 1}: fields a, z → "b", "1"
    const { createHash } = jest.requireActual<typeof import('node:crypto')>('node:crypto');
    expect(dataJointKeyHash({ z: 1, a: 'b' })).toBe(createHash('md5').update('b1').digest('hex'));
    expect(dataJointKeyHash({ flag: true })).toBe(createHash('md5').update('True').digest('hex'));
  });
});
