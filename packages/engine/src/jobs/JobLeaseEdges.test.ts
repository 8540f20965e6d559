import { hostname } from 'node:os';
import { InMemoryJobStore } from './InMemoryJobStore';
import { JobReserver } from './JobReserver';

// Defaults and edge paths of reservations that the lease tests leave open (issue 21, Stryker
// survivors in JobReserver): the default lease and owner, heartbeats after completion, a renewal
// that fails transiently, and the error row a failure leaves.
describe('JobReserver defaults and JobLease edges', () => {
  const tableName = 'spikesorting_v1_recompute.__recording_recompute';
  const at = new Date('2026-01-01T00:00:00Z');

  it('defaults: a 60 s lease owned by this host and process', async () => {
    const store = new InMemoryJobStore();
    const lease = await new JobReserver(store, { tableName, now: () => at, user: 'tester' }).reserve({ attempt_id: 'a1' });
    try {
      expect(lease!.row).toMatchObject({ status: 'reserved', host: hostname(), pid: process.pid, user: 'tester', timestamp: at });
      expect(lease!.row.leaseExpiresAt!.getTime() - at.getTime()).toBe(60_000);
    } finally {
      await lease!.complete();
    }
  });

  it('a heartbeat after complete() renews nothing and does not mark the lease lost', async () => {
    const store = new InMemoryJobStore();
    const lease = await new JobReserver(store, { tableName, now: () => at, heartbeatMs: 1e9 }).reserve({ attempt_id: 'a1' });
    const renew = jest.spyOn(store, 'renewLease');
    await lease!.complete();
    await lease!.heartbeat();
    expect(renew).not.toHaveBeenCalled();
    expect(lease!.held).toBe(true);
  });

  it('a renewal that throws (a dropped connection) keeps the lease held; one the store refuses loses it', async () => {
    const store = new InMemoryJobStore();
    let now = at;
    const lease = await new JobReserver(store, { tableName, now: () => now, leaseMs: 9_000, heartbeatMs: 1e9 }).reserve({
      attempt_id: 'a1',
    });
    const renew = jest.spyOn(store, 'renewLease').mockRejectedValueOnce(new Error('connection lost'));
    await lease!.heartbeat();
    expect(lease!.held).toBe(true);
    now = new Date(at.getTime() + 1_000);
    await lease!.heartbeat();
    expect(renew).toHaveBeenLastCalledWith(
      tableName,
      lease!.row.keyHash,
      { host: lease!.row.host, pid: lease!.row.pid },
      new Date(at.getTime() + 10_000),
    );
    expect((await store.list(tableName))[0]!.leaseExpiresAt).toEqual(new Date(at.getTime() + 10_000));
    renew.mockResolvedValueOnce(false);
    await lease!.heartbeat();
    expect(lease!.held).toBe(false);
    await lease!.complete();
  });

  it('fail() keeps the message as DataJoint writes it (`Name: message`, cut to 2047 characters ending in ...truncated) and the stack; a thrown non-Error has no stack', async () => {
    const store = new InMemoryJobStore();
    const reserver = new JobReserver(store, { tableName, now: () => at, heartbeatMs: 1e9 });
    const first = await reserver.reserve({ attempt_id: 'a1' });
    const error = new Error('x'.repeat(3000));
    await first!.fail(error);
    const second = await reserver.reserve({ attempt_id: 'a2' });
    await second!.fail('plain text');
    const rows = Object.fromEntries((await store.list(tableName)).map((row) => [row.key.attempt_id as string, row]));
    // datajoint autopopulate: error_message = f"{type(error).__name__}: {error}", truncated with "...truncated".
    const truncated = `Error: ${'x'.repeat(2047 - 'Error: '.length - '...truncated'.length)}...truncated`;
    expect(truncated).toHaveLength(2047);
    expect(rows.a1!.errorMessage).toBe(truncated);
    expect(rows.a1!.errorStack).toBe(error.stack);
    expect(rows.a2).toMatchObject({ status: 'error', errorMessage: 'Error: plain text', errorStack: null });
  });
});
