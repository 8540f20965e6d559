// One root jest run over every package gives one closing `tests:` line for CI.
module.exports = {
  projects: ['<rootDir>/packages/*/jest.config.cjs', '<rootDir>/apps/*/jest.config.cjs'],
  reporters: ['default', '<rootDir>/tooling/jest/summaryReporter.cjs'],
  verbose: true,
  // testTimeout is a global option: per-project values are ignored in a multi-project run.
  testTimeout: 120_000,
};
