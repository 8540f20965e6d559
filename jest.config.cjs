// One root jest run over every package gives one closing `tests:` line for CI.
module.exports = {
  projects: ['<rootDir>/packages/*/jest.config.cjs', '<rootDir>/apps/*/jest.config.cjs'],
  reporters: ['default', '<rootDir>/tooling/jest/summaryReporter.cjs'],
  verbose: true,
  // Known-heavy files first when jest has no timings (clean clone, CI); see the file.
  testSequencer: require('node:path').join(__dirname, 'tooling/jest/heavyFirstSequencer.cjs'),
  // testTimeout is a global option: per-project values are ignored in a multi-project run. The
  // spawned-CLI life cycles take 50-100 s on an idle 2-core machine; the limit catches hangs,
  // not slowness, so it leaves room for a loaded one.
  testTimeout: 300_000,
  // jest's default is one worker fewer than the cores: a serial run on a 2-core CI machine, where
  // one core idles while a test waits for its spawned CLI, worker processes or the database
  // server. One jest worker per core plus one keeps the cores busy through those waits (a lease
  // expiring, a killed worker's restart, a watchdog budget): on the 2-core machine two workers
  // left 36 of 460 CPU-s idle, three left 7 and finished 4 % sooner. Suites share no state (each
  // makes its own randomly named databases and temp directories).
  maxWorkers: Math.max(2, require('node:os').availableParallelism()) + 1,
};
