import { InMemoryJobStore } from './InMemoryJobStore';
import { JobReserver } from './JobReserver';

// The lease contract, on a clock we control: a live worker's reservation never lapses (its
// default heartbeat runs well inside the lease), and a dead worker's lapses one lease after
// its last heartbeat, when another worker may take it over.
describe('JobLease heartbeat (fake timers)', () => {
  const tableName = 'spikesorting_v1_recompute.__recording_recompute';
  const key = { attempt_id: 'a1' };

  beforeEach(() => jest.useFakeTimers({ now: new Date('2026-01-01T00:00:00Z') }));
  afterEach(() => jest.useRealTimers());

  const reserver = (store: InMemoryJobStore, pid: number, leaseMs?: number) =>
    new JobReserver(store, {
      tableName,
      owner: { host: 'node-a', pid },
      user: 'test',
      now: () => new Date(Date.now()),
      ...(leaseMs === undefined ? {} : { leaseMs }),
    });

  it('renews a held reservation with the default settings: it outlives many lease periods and nobody can take it', async () => {
    const store = new InMemoryJobStore();
    const lease = await reserver(store, 1).reserve(key);
    expect(lease).not.toBeNull();
    const other = reserver(store, 2);
    for (let minute = 1; minute <= 10; minute += 1) {
      await jest.advanceTimersByTimeAsync(60_000);
      const row = (await store.list(tableName))[0]!;
      // Renewed at least once within the last lease period: it expires more than 20 s from now.
      expect(row.leaseExpiresAt!.getTime() - Date.now()).toBeGreaterThan(20_000);
      expect(await other.reserve(key)).toBeNull();
    }
    expect(lease!.held).toBe(true);
    await lease!.complete();
    expect(await store.list(tableName)).toEqual([]);
  });

  it('lets another worker take over once a holder stopped heartbeating for a whole lease, and the old holder sees it lost', async () => {
    const store = new InMemoryJobStore();
    const leaseMs = 9_000;
    const first = await reserver(store, 1, leaseMs).reserve(key);
    // A holder that renews once (its first heartbeat, at leaseMs / 3 = 3 s) and then freezes.
    const renew = store.renewLease.bind(store);
    let renewals = 0;
    jest.spyOn(store, 'renewLease').mockImplementation(async (...args) => (renewals++ === 0 ? renew(...args) : false));
    await jest.advanceTimersByTimeAsync(3_000);
    expect(renewals).toBe(1);
    expect((await store.list(tableName))[0]!.leaseExpiresAt!.getTime()).toBe(Date.now() + leaseMs);
    const other = reserver(store, 2, leaseMs);
    await jest.advanceTimersByTimeAsync(leaseMs - 1_000);
    expect(await other.reserve(key)).toBeNull(); // still inside the renewed lease
    await jest.advanceTimersByTimeAsync(2_000);
    const second = await other.reserve(key);
    expect(second).not.toBeNull();
    expect(second!.row.pid).toBe(2);
    expect(first!.held).toBe(false);
    await second!.complete();
  });

  it('marks a failed job as an error row that is not reserved again', async () => {
    const store = new InMemoryJobStore();
    const lease = await reserver(store, 1).reserve(key);
    await lease!.fail(new Error('boom'));
    const [row] = await store.list(tableName);
    expect(row).toMatchObject({ status: 'error', errorMessage: 'Error: boom', leaseExpiresAt: null });
    await jest.advanceTimersByTimeAsync(10 * 60_000);
    expect(await reserver(store, 2).reserve(key)).toBeNull();
  });
});
