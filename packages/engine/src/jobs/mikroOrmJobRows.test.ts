import { createTestDatabase, testBackends, type TestDatabase } from '@spyglass-recompute/schema';
import type { JobRow } from './JobStore';
import { MikroOrmJobStore } from './MikroOrmJobStore';

/* The own-layout jobs table row by row: tables kept apart, messages cut, leases only for their owner. */
const row = (over: Partial<JobRow>): JobRow => ({
  tableName: 'a',
  keyHash: 'h1',
  status: 'reserved',
  key: { id: 1 },
  errorMessage: null,
  errorStack: null,
  user: 'ann',
  host: 'node-a',
  pid: 1,
  connectionId: 7,
  timestamp: new Date('2026-01-01T00:00:00Z'),
  leaseExpiresAt: new Date('2026-01-01T00:01:00Z'),
  ...over,
});

describe.each(testBackends())('MikroOrmJobStore rows (%s)', (backend) => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase(backend);
  });
  afterAll(async () => db?.drop());
  beforeEach(async () => {
    await db.orm.em.fork().nativeDelete('RecomputeJob', {});
  });

  it('round-trips a row; an empty error message reads as null', async () => {
    const store = new MikroOrmJobStore(db.orm.em);
    expect(await store.tryInsert(row({}))).toBe(true);
    expect(await store.tryInsert(row({ pid: 2 }))).toBe(false);
    expect(await store.find('a', 'h1')).toEqual(row({}));
    expect(await store.find('a', 'nope')).toBeNull();
  });

  it('an insert failure other than a taken key is thrown, not read as "reserved elsewhere"', async () => {
    const store = new MikroOrmJobStore(db.orm.em);
    await expect(store.tryInsert(row({ tableName: null as unknown as string }))).rejects.toThrow();
    expect(await store.list()).toEqual([]);
  });

  it('lists and removes per table (and per status when given)', async () => {
    const store = new MikroOrmJobStore(db.orm.em);
    await store.tryInsert(row({}));
    await store.tryInsert(row({ keyHash: 'h2', status: 'error', errorMessage: 'Error: x', leaseExpiresAt: null }));
    await store.tryInsert(row({ tableName: 'b' }));
    expect((await store.list()).length).toBe(3);
    expect((await store.list('a')).map((r) => r.keyHash).sort()).toEqual(['h1', 'h2']);
    expect(await store.remove('a', 'error')).toBe(1);
    expect(await store.remove('a')).toBe(1);
    expect((await store.list()).map((r) => r.tableName)).toEqual(['b']);
  });

  it('only the owner renews, completes or fails; a takeover needs an expired lease; messages are cut to 2047', async () => {
    const store = new MikroOrmJobStore(db.orm.em);
    await store.tryInsert(row({}));
    const owner = { host: 'node-a', pid: 1 };
    const stranger = { host: 'node-a', pid: 2 };
    const later = new Date('2026-01-01T00:05:00Z');
    expect(await store.renewLease('a', 'h1', stranger, later)).toBe(false);
    expect(await store.renewLease('a', 'h1', owner, later)).toBe(true);
    expect((await store.find('a', 'h1'))!.leaseExpiresAt).toEqual(later);
    expect(await store.takeOverExpired(row({ pid: 2 }), new Date('2026-01-01T00:05:00Z'))).toBe(false);
    expect(await store.takeOverExpired(row({ pid: 2 }), new Date('2026-01-01T00:05:01Z'))).toBe(true);
    expect((await store.find('a', 'h1'))!.pid).toBe(2);
    await store.release('a', 'h1', owner);
    await store.markError('a', 'h1', owner, 'not mine', null);
    expect(await store.find('a', 'h1')).toMatchObject({ status: 'reserved', pid: 2 });
    await store.markError('a', 'h1', stranger, 'x'.repeat(3000), 'stack');
    expect(await store.find('a', 'h1')).toMatchObject({
      status: 'error',
      errorMessage: 'x'.repeat(2047),
      errorStack: 'stack',
      leaseExpiresAt: null,
    });
  });
});
