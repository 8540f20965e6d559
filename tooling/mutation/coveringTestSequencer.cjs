// Mutation runs only (tooling/mutation/jest.config.cjs). Stryker's per-test coverage narrows a
// mutant's run to its covering tests by a test name pattern, but jest still starts every related
// test file (test environment, imports, h5wasm) to find out that most of their tests are
// filtered out. This sequencer drops the files none of whose tests (as recorded by
// testNameIndex.cjs during Stryker's initial run) match the pattern. A file with no record, a run
// without a pattern or a pattern that matches nothing recorded keeps jest's own choice.
const { existsSync, readFileSync } = require('node:fs');
const path = require('node:path');
const { createRequire } = require('node:module');

// @jest/test-sequencer is jest's own dependency (pnpm keeps it out of the root node_modules).
const requireFromJestConfig = ['jest', '@jest/core', 'jest-config'].reduce(
  (require, name) => createRequire(require.resolve(`${name}/package.json`)),
  createRequire(path.join(__dirname, '../../package.json')),
);
const JestSequencer = requireFromJestConfig('@jest/test-sequencer').default;

/** @param {string} indexFile @returns {Map<string, string[]>} test file → full test names */
function readTestNameIndex(indexFile) {
  const byFile = new Map();
  if (!existsSync(indexFile)) return byFile;
  for (const line of readFileSync(indexFile, 'utf8').split('\n')) {
    if (line === '') continue;
    const { testPath, names } = JSON.parse(line);
    byFile.set(testPath, [...(byFile.get(testPath) ?? []), ...names]);
  }
  return byFile;
}

class CoveringTestSequencer extends JestSequencer {
  constructor(options) {
    super(options);
    this.testNamePattern = options.globalConfig?.testNamePattern;
  }

  sort(tests) {
    const sorted = super.sort(tests);
    if (!this.testNamePattern || tests.length === 0) return sorted;
    const indexFile = tests[0].context.config.globals?.mutationTestNameIndex;
    if (typeof indexFile !== 'string') return sorted;
    const namesByFile = readTestNameIndex(indexFile);
    const pattern = new RegExp(this.testNamePattern, 'i');
    const covering = sorted.filter((test) => {
      const names = namesByFile.get(test.path);
      return names === undefined || names.some((name) => pattern.test(name));
    });
    return covering.length > 0 ? covering : sorted;
  }
}

module.exports = CoveringTestSequencer;
