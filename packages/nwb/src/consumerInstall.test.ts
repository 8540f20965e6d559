import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/*
 * Issue 16: a repository that only wants the hasher must get it without a database. Packs this
 * package and its workspace dependency (errors) as a consumer would receive them, installs the
 * tarballs with plain npm into a project outside the workspace, and hashes a Spyglass v1 fixture
 * there against its golden digest; the installed tree must hold no database driver, no MikroORM
 * and nothing that builds natively. npm runs offline when its cache allows, else from the registry.
 */
const packageDir = path.resolve(__dirname, '..');
const repoRoot = path.resolve(packageDir, '../..');
const fixtures = path.resolve(repoRoot, '../shared/fixtures');
const golden = JSON.parse(readFileSync(path.join(fixtures, 'spikesorting/short/golden.json'), 'utf8')) as {
  v1: Record<string, { file: string; hasher_modes: { default: { hash: string } } }>;
};
const DATABASE_PACKAGE = /^(better-sqlite3|mysql2|mariadb|knex|@mikro-orm\/.*)$/;

/** Child processes without jest's NODE_OPTIONS (vm modules) and with npm kept quiet. */
const childEnv = {
  ...process.env,
  NODE_OPTIONS: '',
  npm_config_audit: 'false',
  npm_config_fund: 'false',
  npm_config_update_notifier: 'false',
};

function pack(dir: string, destination: string): string {
  const before = new Set(readdirSync(destination));
  execFileSync('pnpm', ['pack', '--pack-destination', destination], { cwd: dir, env: childEnv, stdio: 'pipe' });
  const created = readdirSync(destination).filter((name) => name.endsWith('.tgz') && !before.has(name));
  expect(created).toHaveLength(1);
  return path.join(destination, created[0]);
}

function directorySize(dir: string): number {
  let total = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) total += directorySize(full);
    else if (entry.isFile()) total += statSync(full).size;
  }
  return total;
}

describe('nwb installed from its tarballs with plain npm, outside the workspace', () => {
  let scratch: string;
  beforeAll(() => {
    // The tarballs ship dist/: build first (turbo's test task depends on compile).
    expect(existsSync(path.join(packageDir, 'dist', 'index.js'))).toBe(true);
    scratch = mkdtempSync(path.join(tmpdir(), 'nwb-consumer-'));
  });
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  it('hashes a v1 fixture to its golden digest, with no database driver and no native build', () => {
    const tarballs = path.join(scratch, 'tarballs');
    mkdirSync(tarballs);
    const errorsTgz = pack(path.join(repoRoot, 'packages', 'errors'), tarballs);
    const nwbTgz = pack(packageDir, tarballs);
    const nwbManifest = JSON.parse(execFileSync('tar', ['-xOzf', nwbTgz, 'package/package.json'], { encoding: 'utf8' })) as {
      dependencies: Record<string, string>;
    };
    // pnpm pack turns workspace ranges into versions a registry understands.
    expect(Object.values(nwbManifest.dependencies).some((range) => range.startsWith('workspace:'))).toBe(false);
    const listing = execFileSync('tar', ['-tzf', nwbTgz], { encoding: 'utf8' }).split('\n');
    expect(listing).toEqual(
      expect.arrayContaining(['package/README.md', 'package/LICENSE', 'package/dist/index.js', 'package/dist/index.d.ts']),
    );
    expect(listing.filter((entry) => /\.test\.|test-support/.test(entry))).toEqual([]);

    const project = path.join(scratch, 'consumer');
    mkdirSync(project);
    writeFileSync(
      path.join(project, 'package.json'),
      JSON.stringify({
        name: 'nwb-consumer',
        private: true,
        dependencies: { '@spyglass-recompute/errors': `file:${errorsTgz}`, '@spyglass-recompute/nwb': `file:${nwbTgz}` },
        // h5wasm-plugins 0.2.1 declares an optional peer h5wasm@^0.8.8; nwb pins 0.10.3 (README).
        overrides: { 'h5wasm-plugins': { h5wasm: '0.10.3' } },
      }),
    );
    const started = Date.now();
    let mode = 'offline';
    try {
      execFileSync('npm', ['install', '--offline', '--no-audit', '--no-fund'], { cwd: project, env: childEnv, stdio: 'pipe' });
    } catch {
      mode = 'registry';
      execFileSync('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund'], { cwd: project, env: childEnv, stdio: 'pipe' });
    }
    const seconds = (Date.now() - started) / 1000;

    const lock = JSON.parse(readFileSync(path.join(project, 'package-lock.json'), 'utf8')) as {
      packages: Record<string, { hasInstallScript?: boolean }>;
    };
    const installed = Object.keys(lock.packages)
      .filter((key) => key.startsWith('node_modules/'))
      .map((key) => key.slice(key.lastIndexOf('node_modules/') + 'node_modules/'.length));
    expect(installed).toEqual(expect.arrayContaining(['@spyglass-recompute/nwb', '@spyglass-recompute/errors', 'h5wasm']));
    expect(installed.filter((name) => DATABASE_PACKAGE.test(name))).toEqual([]);
    expect(
      Object.entries(lock.packages)
        .filter(([, entry]) => entry.hasInstallScript)
        .map(([key]) => key),
    ).toEqual([]);

    const expected = golden.v1['0'];
    const fixture = path.join(fixtures, expected.file);
    const script = `require('@spyglass-recompute/nwb').hashNwbFile(${JSON.stringify(fixture)}).then((r) => {
      const loaded = Object.keys(require.cache);
      console.log(JSON.stringify({ hash: r.hash, modules: loaded.length, outside: loaded.filter((f) => !f.startsWith(${JSON.stringify(project)})) }));
    });`;
    const result = JSON.parse(execFileSync(process.execPath, ['-e', script], { cwd: project, env: childEnv, encoding: 'utf8' })) as {
      hash: string;
      modules: number;
      outside: string[];
    };
    expect(result.hash).toBe(expected.hasher_modes.default.hash);
    // Everything it loaded came from the scratch project, none from the workspace.
    expect(result.outside).toEqual([]);

    const megabytes = directorySize(path.join(project, 'node_modules')) / 1e6;
    console.log(
      `nwb consumer install (${mode}): ${installed.length} packages, ${megabytes.toFixed(1)} MB, ${seconds.toFixed(1)} s; ${result.modules} modules loaded to hash`,
    );
  }, 300_000);
});
