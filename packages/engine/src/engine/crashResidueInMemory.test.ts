import { InMemoryRecomputeStore } from './InMemoryRecomputeStore';
import { crashResidueSuite } from './test-support/crashResidueSuite';
import type { FakeKey } from './test-support/FakePipeline';

// The crash-residue suite on the in-memory store (crashResidue.test.ts runs it on the database
// backends): apart from them so a mutation run can use it without starting a database.
crashResidueSuite('in memory', {
  async create() {
    const store = new InMemoryRecomputeStore<FakeKey>();
    return { store, register: async (artefact) => store.addArtefact(artefact) };
  },
});
