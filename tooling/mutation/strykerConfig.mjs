// One Stryker configuration for every package (each package's stryker.config.mjs names only
// what it mutates). Mutation runs are a tool of the repo, like the benchmarks: not part of CI.
import { mkdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const repoRoot = path.resolve(import.meta.dirname, '../..');
// pnpm keeps @stryker-mutator/core apart from its plugins, so its own `@stryker-mutator/*`
// discovery finds none: name them by path, resolved from the workspace root.
const requireFromRoot = createRequire(path.join(repoRoot, 'package.json'));
// Their ESM entry (`import` condition) is the plugin; `require` gets a jest helper instead.
const plugins = ['@stryker-mutator/jest-runner', '@stryker-mutator/typescript-checker'].map((name) => {
  const dir = path.dirname(requireFromRoot.resolve(`${name}/package.json`));
  const { exports } = requireFromRoot(`${name}/package.json`);
  return path.join(dir, exports['.'].import ?? exports['.']);
});

// Stryker wraps jest's test environment and requires it from its own folder, where pnpm's strict
// layout has no `jest-environment-node`: hand it, by path, jest's own node environment made
// fail-fast while a mutant is active (see failFastEnvironment.cjs).
const jestEnvironment = path.join(import.meta.dirname, 'failFastEnvironment.cjs');

/**
 * @param {string} packageDir absolute path of the package being mutated
 * @param {{ mutate: string[], skipTests?: string[] }} scope files to mutate, relative to the package;
 *   test files mutation runs leave out (jest path regexps): ones that only exercise built `dist/` code
 * @returns {import('@stryker-mutator/api/core').PartialStrykerOptions}
 */
export function strykerConfig(packageDir, scope) {
  const name = path.basename(packageDir);
  // STRYKER_TESTS=a.test.ts,b.test.ts (relative to the package): run only these test files instead
  // of every test related to the mutated file. One engine file's related tests include the
  // database suites; its own in-memory tests take a fraction of that per mutant.
  const onlyTests = (process.env.STRYKER_TESTS ?? '')
    .split(',')
    .map((file) => file.trim())
    .filter(Boolean);
  const reports = path.join(repoRoot, '.mutation', name);
  // The test-name index of the previous run (see jest.config.cjs here) would name tests that may
  // no longer exist: Stryker's initial test run writes it afresh.
  mkdirSync(reports, { recursive: true });
  rmSync(path.join(reports, 'test-names.jsonl'), { force: true });
  return {
    packageManager: 'pnpm',
    plugins,
    mutate: scope.mutate,
    testRunner: 'jest',
    jest: {
      projectType: 'custom',
      // The package's jest configuration made cheap to run once per mutant (not the shared preset).
      configFile: path.join(import.meta.dirname, 'jest.config.cjs'),
      enableFindRelatedTests: onlyTests.length === 0,
      config: {
        testEnvironment: jestEnvironment,
        ...(onlyTests.length > 0 ? { testMatch: onlyTests.map((file) => `<rootDir>/${file}`) } : {}),
        ...(scope.skipTests ? { testPathIgnorePatterns: ['/node_modules/', ...scope.skipTests] } : {}),
      },
    },
    // h5wasm is ESM-only: jest needs the same Node flags as `pnpm test`.
    testRunnerNodeArgs: ['--experimental-vm-modules', '--disable-warning=ExperimentalWarning'],
    checkers: ['typescript'],
    tsconfigFile: 'tsconfig.json',
    coverageAnalysis: 'perTest',
    // In place, not in a sandbox copy: the tests find ../shared/fixtures by relative path
    // and the workspace packages through the repo's node_modules. Stryker restores every
    // file when it ends (also on Ctrl-C); do not edit the package while it runs.
    inPlace: true,
    incremental: true,
    incrementalFile: path.join(reports, 'incremental.json'),
    reporters: ['html', 'json', 'clear-text', 'progress'],
    htmlReporter: { fileName: path.join(reports, 'mutation.html') },
    jsonReporter: { fileName: path.join(reports, 'mutation.json') },
    tempDirName: path.join(reports, 'tmp'),
    // Two processes (one TypeScript checker and one jest runner, then two runners once the checks are
    // done): the 2-core machines this runs on are shared. `-- --concurrency N` to change it.
    concurrency: 2,
    // Added to 1.5 × a mutant's covering tests' time in the initial run: room for a loaded machine
    // without a minute lost per mutant that loops forever.
    timeoutMS: 20_000,
    // The initial run of every test related to a file (the whole hasher suite for a hashing
    // helper) took more than Stryker's default 5 minutes on a loaded 2-core machine.
    dryRunTimeoutMinutes: 30,
    thresholds: { high: 90, low: 80, break: null },
    ignoreStatic: true,
  };
}
