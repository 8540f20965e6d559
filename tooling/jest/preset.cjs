// Shared jest configuration: every package's jest.config.cjs calls this with its own dir.
// Workspace imports resolve to sources so `pnpm --filter <pkg> test` needs no prior build
// of its dependencies; worker-thread code loads built files (see each package's worker docs).
const path = require('node:path');

const repoRoot = path.resolve(__dirname, '../..');
const workspacePackages = ['errors', 'datajoint', 'nwb', 'schema', 'engine', 'preprocessing', 'common', 'v0', 'v1'];

/** @param {string} packageDir absolute path of the package @returns {import('jest').Config} */
function jestProject(packageDir) {
  const moduleNameMapper = {};
  for (const name of workspacePackages) {
    moduleNameMapper[`^@spyglass-recompute/${name}$`] = path.join(repoRoot, 'packages', name, 'src', 'index.ts');
    // Subpath entry points (package.json "exports", e.g. schema/db-url) resolve to their sources too.
    const exportsMap = require(path.join(repoRoot, 'packages', name, 'package.json')).exports ?? {};
    for (const [subpath, target] of Object.entries(exportsMap)) {
      const built = typeof target === 'string' ? target : target.default;
      if (subpath === '.' || !built.startsWith('./dist/')) continue;
      const source = path.join(repoRoot, 'packages', name, 'src', built.slice('./dist/'.length).replace(/\.js$/, '.ts'));
      moduleNameMapper[`^@spyglass-recompute/${name}/${subpath.slice(2)}$`] = source;
    }
  }
  return {
    displayName: path.basename(packageDir),
    rootDir: packageDir,
    testEnvironment: 'node',
    testMatch: ['<rootDir>/src/**/*.test.ts', '<rootDir>/test/**/*.test.ts'],
    transform: {
      '^.+\\.ts$': ['ts-jest', { tsconfig: path.join(packageDir, 'tsconfig.json'), diagnostics: false }],
    },
    moduleNameMapper,
    setupFilesAfterEnv: [path.join(__dirname, 'setup.cjs')],
    testTimeout: 60_000,
  };
}

module.exports = { jestProject, repoRoot };
