// The jest configuration of mutation runs only (`pnpm mutate`, see README.md here): the package's
// own jest configuration (`pnpm test` keeps using it unchanged) made cheaper to run once per
// mutant. Stryker runs with the package as its working directory, so that is the package this
// configuration is for. (The shared preset already compiles file by file without type
// information, with swc; Stryker's TypeScript checker rejects mutants that do not compile before
// any test runs.)
const { existsSync } = require('node:fs');
const path = require('node:path');
const { repoRoot } = require('../jest/preset.cjs');

const packageDir = process.cwd();
const base = require(path.join(packageDir, 'jest.config.cjs'));

module.exports = {
  ...base,
  // Crawl only the sources and tests, not dist/ or benchmark/, when jest maps the package.
  roots: ['src', 'test'].filter((dir) => existsSync(path.join(packageDir, dir))).map((dir) => `<rootDir>/${dir}`),
  watchman: false,
  // Start only the test files that hold a mutant's covering tests (see these two files).
  testSequencer: path.join(__dirname, 'coveringTestSequencer.cjs'),
  setupFilesAfterEnv: [...(base.setupFilesAfterEnv ?? []), path.join(__dirname, 'testNameIndex.cjs')],
  // Where Stryker's initial run records test file → test names (strykerConfig.mjs clears it).
  globals: { ...base.globals, mutationTestNameIndex: path.join(repoRoot, '.mutation', path.basename(packageDir), 'test-names.jsonl') },
};
