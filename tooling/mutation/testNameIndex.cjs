// Mutation runs only (tooling/mutation/jest.config.cjs): during Stryker's initial test run (no
// active mutant) record which test file each test's full name belongs to, so that
// coveringTestSequencer.cjs can later start only the files that hold a mutant's covering tests.
// Stryker names a test by its full name (describe titles and test title joined by spaces), which
// is what jest calls `currentTestName`.
const { appendFileSync } = require('node:fs');

const indexFile = globalThis.mutationTestNameIndex;
if (typeof indexFile === 'string' && process.env.__STRYKER_ACTIVE_MUTANT__ === undefined) {
  const names = [];
  beforeEach(() => {
    const { currentTestName } = expect.getState();
    if (currentTestName !== undefined) names.push(currentTestName);
  });
  afterAll(() => {
    // One line per test file and run: appends from concurrent runners cannot interleave a line.
    appendFileSync(indexFile, `${JSON.stringify({ testPath: expect.getState().testPath, names })}\n`);
  });
}
