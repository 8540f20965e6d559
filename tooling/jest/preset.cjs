// Shared jest configuration: every package's jest.config.cjs calls this with its own dir.
// Workspace imports resolve to sources so `pnpm --filter <pkg> test` needs no prior build
// of its dependencies; worker-thread code loads built files (see each package's worker docs).
const path = require('node:path');

const repoRoot = path.resolve(__dirname, '../..');
const workspacePackages = ['errors', 'datajoint', 'nwb', 'schema', 'engine', 'preprocessing', 'common', 'v0', 'v1'];

/**
 * TypeScript → CommonJS for the tests, type-stripping only (types are checked by `tsc`, not by
 * jest): swc compiles a file in about 1 ms where ts-jest's TypeScript transpiler takes ~25 ms, which
 * on a clean clone (cold jest cache, as in CI) is most of a minute of CPU over the suite, as every
 * project compiles the workspace sources it imports. The output matches `tsc` for these sources
 * (tsconfig.base.json: `isolatedModules`, ES2022 class fields, `esModuleInterop`; no decorators:
 * the MikroORM entities use `defineEntity`, not decorator metadata). `import()` stays a real dynamic
 * import, as in `tsc`'s node16 CommonJS output, so ESM-only packages (h5wasm) load.
 * @type {import('@swc/core').Options}
 */
const swcTransformOptions = {
  jsc: { parser: { syntax: 'typescript' }, target: 'es2022', transform: { useDefineForClassFields: true } },
  module: { type: 'commonjs', ignoreDynamic: true },
  sourceMaps: 'inline',
};

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
    // @swc/jest plus module-local bindings of the built-ins (see swcTransform.cjs: global access
    // in jest's vm context is slow on Node 20).
    transform: {
      '^.+\\.ts$': [path.join(__dirname, 'swcTransform.cjs'), swcTransformOptions],
      '/node_modules/(@mikro-orm|knex)/.+\\.js$': [path.join(__dirname, 'swcTransform.cjs'), { bindGlobalsOnly: true }],
    },
    transformIgnorePatterns: ['^(?!.*/node_modules/(@mikro-orm|knex)/).*/node_modules/'],
    moduleNameMapper,
    setupFilesAfterEnv: [path.join(__dirname, 'setup.cjs')],
    testTimeout: 60_000,
  };
}

module.exports = { jestProject, repoRoot };
