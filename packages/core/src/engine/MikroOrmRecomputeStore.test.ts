import { createTestDatabase, testBackends, type TestDatabase } from '@spyglass-recompute/schema';
import { MikroOrmRecomputeStore } from './MikroOrmRecomputeStore';
import type { StoredArtefact } from './RecomputePipeline';
import { engineLifecycleSuite } from './test-support/engineLifecycleSuite';
import { fakeV1Descriptors, registerFakeRecording, seedFakeParents } from './testing/fakeV1Tables';
import type { FakeKey } from './testing/FakePipeline';

for (const backend of testBackends()) {
  const databases: TestDatabase[] = [];
  engineLifecycleSuite(backend, {
    async create() {
      const db = await createTestDatabase(backend);
      databases.push(db);
      await seedFakeParents(db.orm.em, ['tester_default_00', 'other_env_00']);
      const paths = new Map<string, StoredArtefact<FakeKey>>();
      const store = new MikroOrmRecomputeStore<FakeKey>(db.orm.em, fakeV1Descriptors((name) => paths.get(name) as StoredArtefact<FakeKey>));
      return {
        store,
        register: async (artefact) => {
          paths.set(artefact.key.name, artefact);
          await registerFakeRecording(db.orm.em, artefact);
        },
      };
    },
    async close() {
      for (const db of databases) await db.drop();
    },
  });
}
