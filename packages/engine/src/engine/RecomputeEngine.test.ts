import { InMemoryRecomputeStore } from './InMemoryRecomputeStore';
import { engineLifecycleSuite } from './test-support/engineLifecycleSuite';
import type { FakeKey } from './test-support/FakePipeline';

engineLifecycleSuite('in memory', {
  async create() {
    const store = new InMemoryRecomputeStore<FakeKey>();
    return { store, register: async (artefact) => store.addArtefact(artefact) };
  },
});
