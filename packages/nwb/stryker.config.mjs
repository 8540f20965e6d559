// Mutation testing of the NWB and directory hashers (`pnpm mutate nwb`; see tooling/mutation/README.md).
import { strykerConfig } from '../../tooling/mutation/strykerConfig.mjs';

export default strykerConfig(import.meta.dirname, {
  mutate: [
    // The Spyglass NWB and directory hashers (main-thread code; see the README on workers).
    'src/hashing/**/*.ts',
    '!src/**/*.test.ts',
    '!src/**/test-support/**',
    // Worker-thread entry files: they run only as the built dist/ script a worker thread loads
    // (Md5Offload, Prehash, WatchedHashWorker start them), never in the test process, so no
    // mutant there can be killed in place. The code they share with the main thread
    // (hashNwbFile, FloatRounder, the protocol constants) is in scope.
    '!src/hashing/hashFileWorker.ts',
    '!src/hashing/md5Worker.ts',
    '!src/hashing/prehash/prehashWorker.ts',
  ],
  // These load the built dist/ in a child process: no mutant can reach them.
  skipTests: ['/src/consumerInstall\\.test\\.ts$', '/src/lightModules\\.test\\.ts$'],
});
