// Mutation testing of the recompute engine (`pnpm mutate engine`; see tooling/mutation/README.md).
import { strykerConfig } from '../../tooling/mutation/strykerConfig.mjs';

export default strykerConfig(import.meta.dirname, {
  mutate: [
    // The recompute engine: flow, deletion, regeneration, data roots, restrictions, key ids.
    'src/engine/**/*.ts',
    'src/recompute-module/**/*.ts',
    // Reservations and leases.
    'src/jobs/**/*.ts',
    // Environment capture, canonicalisation and hashing.
    'src/environment/**/*.ts',
    '!src/**/*.test.ts',
    '!src/**/test-support/**',
    '!src/engine/InMemoryRecomputeStore.ts',
    '!src/jobs/InMemoryJobStore.ts',
    '!src/environment/InMemoryEnvironmentStore.ts',
  ],
});
