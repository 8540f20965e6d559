// One Stryker configuration for every package (each package's stryker.config.mjs names only
// what it mutates). Mutation runs are a tool of the repo, like the benchmarks: not part of CI.
import { createRequire } from 'node:module';
import os from 'node:os';
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
// layout has no `jest-environment-node`: hand it the one jest itself uses, by path.
const jestEnvironmentNode = ['jest', '@jest/core', 'jest-config']
  .reduce((require, name) => createRequire(require.resolve(`${name}/package.json`)), requireFromRoot)
  .resolve('jest-environment-node');

/**
 * @param {string} packageDir absolute path of the package being mutated
 * @param {{ mutate: string[] }} scope files to mutate, relative to the package
 * @returns {import('@stryker-mutator/api/core').PartialStrykerOptions}
 */
export function strykerConfig(packageDir, scope) {
  const name = path.basename(packageDir);
  // STRYKER_TESTS=a.test.ts,b.test.ts (relative to the package): run only these test files instead
  // of every test related to the mutated file. One engine file's related tests include the
  // database suites; its own in-memory tests take a fraction of that per mutant.
  const onlyTests = (process.env.STRYKER_TESTS ?? '').split(',').map((file) => file.trim()).filter(Boolean);
  const reports = path.join(repoRoot, '.mutation', name);
  return {
    packageManager: 'pnpm',
    plugins,
    mutate: scope.mutate,
    testRunner: 'jest',
    jest: {
      projectType: 'custom',
      configFile: 'jest.config.cjs',
      enableFindRelatedTests: onlyTests.length === 0,
      config: { testEnvironment: jestEnvironmentNode, ...(onlyTests.length > 0 ? { testMatch: onlyTests.map((file) => `<rootDir>/${file}`) } : {}) },
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
    concurrency: Math.max(1, Math.min(4, os.availableParallelism() - 1)),
    timeoutMS: 60_000,
    thresholds: { high: 90, low: 80, break: null },
    ignoreStatic: true,
  };
}
