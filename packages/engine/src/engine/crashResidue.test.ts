import { createTestDatabase, testBackends, type TestDatabase } from '@spyglass-recompute/schema';
import { MikroOrmRecomputeStore } from './MikroOrmRecomputeStore';
import type { StoredArtefact } from './RecomputePipeline';
import { crashResidueSuite } from './test-support/crashResidueSuite';
import { clearFakeTables, fakeV1Descriptors, registerFakeRecording, seedFakeParents } from './test-support/fakeV1Tables';
import type { FakeKey } from './test-support/FakePipeline';

// The in-memory run is crashResidueInMemory.test.ts.
for (const backend of testBackends()) {
  let shared: TestDatabase | undefined;
  crashResidueSuite(backend, {
    async create() {
      if (!shared) {
        shared = await createTestDatabase(backend);
        await seedFakeParents(shared.orm.em, ['tester_default_00', 'other_env_00']);
      }
      const db = shared;
      await clearFakeTables(db.orm.em);
      const paths = new Map<string, StoredArtefact<FakeKey>>();
      const store = new MikroOrmRecomputeStore<FakeKey>(
        db.orm.em,
        fakeV1Descriptors((name) => paths.get(name) as StoredArtefact<FakeKey>),
      );
      return {
        store,
        register: async (artefact) => {
          paths.set(artefact.key.name, artefact);
          await registerFakeRecording(db.orm.em, artefact);
        },
      };
    },
    async close() {
      await shared?.drop();
    },
  });
}
