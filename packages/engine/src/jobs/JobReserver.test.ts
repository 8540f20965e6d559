import { createTestDatabase, testBackends, type TestDatabase } from '@spyglass-recompute/schema';
import { InMemoryJobStore } from './InMemoryJobStore';
import { MikroOrmJobStore } from './MikroOrmJobStore';
import { jobStoreSuite } from './test-support/jobStoreSuite';

jobStoreSuite('memory', { create: async () => new InMemoryJobStore() });

for (const backend of testBackends()) {
  let db: TestDatabase | undefined;
  jobStoreSuite(backend, {
    async create() {
      db ??= await createTestDatabase(backend);
      await db.orm.em.fork().nativeDelete('RecomputeJob', {});
      return new MikroOrmJobStore(db.orm.em);
    },
    close: async () => db?.drop(),
  });
}
