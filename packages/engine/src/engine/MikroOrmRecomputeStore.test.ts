import { createTestDatabase, testBackends, type TestDatabase } from '@spyglass-recompute/schema';
import { MikroOrmRecomputeStore } from './MikroOrmRecomputeStore';
import type { StoredArtefact } from './RecomputePipeline';
import { engineLifecycleSuite } from './test-support/engineLifecycleSuite';
import { clearFakeTables, fakeV1Descriptors, registerFakeRecording, seedFakeParents } from './test-support/fakeV1Tables';
import type { FakeKey } from './test-support/FakePipeline';

for (const backend of testBackends()) {
  // One migrated database per backend; each test starts from empty recording tables.
  let shared: TestDatabase | undefined;
  engineLifecycleSuite(backend, {
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
