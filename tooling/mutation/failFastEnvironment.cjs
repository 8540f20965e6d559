// Mutation runs only (strykerConfig.mjs): jest's node test environment, plus fail-fast while a
// mutant is active. Stryker counts a mutant killed as soon as one test fails, but jest has no
// programmatic bail within a test file, so every remaining covering test of the file would still
// run: for a hashing helper that is every golden case of a conformance file, most of the cost of
// a killed mutant. After a test (or hook) fails, the file's remaining tests are skipped. Runs
// without an active mutant (Stryker's initial run, which records per-test coverage) run every test.
// (Stryker's `--disableBail`, to list every killing test, would need this off.)
const path = require('node:path');
const { createRequire } = require('node:module');

// jest-environment-node is jest's own dependency (pnpm keeps it out of the root node_modules).
const requireFromJestConfig = ['jest', '@jest/core', 'jest-config'].reduce(
  (require, name) => createRequire(require.resolve(`${name}/package.json`)),
  createRequire(path.join(__dirname, '../../package.json')),
);
const { TestEnvironment } = requireFromJestConfig('jest-environment-node');

class FailFastEnvironment extends TestEnvironment {
  #failed = false;

  /** jest-circus awaits this before deciding whether `test_start`'s test runs. */
  async handleTestEvent(event) {
    if (process.env.__STRYKER_ACTIVE_MUTANT__ === undefined) return;
    if (event.name === 'test_fn_failure' || event.name === 'hook_failure') this.#failed = true;
    else if (event.name === 'test_start' && this.#failed) event.test.mode = 'skip';
  }
}

module.exports = FailFastEnvironment;
