// Mutation testing of the NWB and directory hashers (`pnpm mutate nwb`; see tooling/mutation/README.md).
import { strykerConfig } from '../../tooling/mutation/strykerConfig.mjs';

export default strykerConfig(import.meta.dirname, {
  mutate: [
    // The Spyglass NWB and directory hashers (main-thread code; see the README on workers).
    'src/hashing/**/*.ts',
    '!src/**/*.test.ts',
    '!src/**/test-support/**',
  ],
  // These load the built dist/ in a child process: no mutant can reach them.
  skipTests: ['/src/consumerInstall\\.test\\.ts$', '/src/lightModules\\.test\\.ts$'],
});
