import { createHash } from 'node:crypto';
import { dataJointKeyHash } from '../dataJointKeyHash';
import type { JobStore } from '../JobStore';
import { JobReserver } from '../JobReserver';

/** Reserve-jobs semantics, run against any {@link JobStore}. */
export function jobStoreSuite(backend: string, factory: { create(): Promise<JobStore>; close?(): Promise<void> }): void {
  describe(`JobReserver over ${backend} (DataJoint ~jobs semantics + lease)`, () => {
    afterAll(async () => factory.close?.());

    it('reserves a key once, deletes the row on completion, keeps error rows with message and stack, skips ignore', async () => {
      const store = await factory.create();
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
      expect(row).toMatchObject({ status: 'error', errorMessage: 'Error: boom', keyHash: dataJointKeyHash({ id: 2 }), key: { id: 2 } });
      expect(row!.errorStack).toContain('boom');
      expect(await a.reserve({ id: 2 })).toBeNull(); // error rows are skipped until removed

      await store.tryInsert({ ...row!, keyHash: dataJointKeyHash({ id: 3 }), status: 'ignore', leaseExpiresAt: null });
      expect(await a.reserve({ id: 3 })).toBeNull();
      expect(await store.remove('t', 'error')).toBe(1);
      const retried = await a.reserve({ id: 2 });
      expect(retried).not.toBeNull();
      await retried!.complete();
    });

    it('lets another worker take over a reservation whose lease expired; the old owner loses it', async () => {
      const store = await factory.create();
      let clock = 1_700_000_000_000;
      const now = () => new Date(clock);
      const options = { tableName: 'lease', leaseMs: 10_000, heartbeatMs: 1e9, now };
      const dead = new JobReserver(store, { ...options, owner: { host: 'h', pid: 1 } });
      const alive = new JobReserver(store, { ...options, owner: { host: 'h', pid: 2 } });
      const first = await dead.reserve({ id: 1 });
      clock += 5_000;
      expect(await alive.reserve({ id: 1 })).toBeNull();
      await first!.heartbeat(); // now leased until +15 s
      clock += 9_000;
      expect(await alive.reserve({ id: 1 })).toBeNull();
      clock += 2_000;
      const second = await alive.reserve({ id: 1 });
      expect(second).not.toBeNull();
      await first!.heartbeat();
      expect(first!.held).toBe(false);
      await first!.complete(); // not the owner any more: a no-op
      expect(await store.list('lease')).toHaveLength(1);
      await second!.complete();
      expect(await store.list('lease')).toHaveLength(0);
    });

    it('hashes keys like DataJoint (md5 of str(value) in sorted field order)', () => {
      expect(dataJointKeyHash({ z: 1, a: 'b' })).toBe(createHash('md5').update('b1').digest('hex'));
      expect(dataJointKeyHash({ flag: true })).toBe(createHash('md5').update('True').digest('hex'));
    });
  });
}
