// Mutation testing of core's engine and hashers (`pnpm mutate core`; see tooling/mutation/README.md).
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
    // The Spyglass NWB and directory hashers (main-thread code; see the README on workers).
    'src/hashing/**/*.ts',
    '!src/**/*.test.ts',
    '!src/**/test-support/**',
    '!src/**/testing/**',
    '!src/engine/InMemoryRecomputeStore.ts',
    '!src/jobs/InMemoryJobStore.ts',
    '!src/environment/InMemoryEnvironmentStore.ts',
  ],
});
