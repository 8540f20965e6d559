import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, realpathSync, rmSync, statSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { captureEnvironment, gitCheckoutIsDirty } from './captureEnvironment';
import { diffEnvironments } from './diffEnvironments';
import { environmentHash } from './environmentHash';

const runtime = { node: '20.0.0', platform: 'linux', arch: 'x64' };

function writePackage(dir: string, manifest: Record<string, unknown>): void {
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, 'package.json'), JSON.stringify(manifest));
}

/** gen → a@1.0.0 → c@2.0.0 ; gen → b (workspace link outside node_modules) */
function makeTree(root: string, aVersion = '1.0.0'): string {
  const gen = path.join(root, 'app', 'node_modules', 'gen');
  writePackage(gen, { name: 'gen', version: '0.1.0', dependencies: { a: '^1.0.0' }, devDependencies: { jest: '*' } });
  writePackage(path.join(root, 'app', 'node_modules', 'a'), { name: 'a', version: aVersion, dependencies: { c: '^2' } });
  writePackage(path.join(root, 'app', 'node_modules', 'c'), { name: 'c', version: '2.0.0', peerDependencies: { absent: '*' } });
  return gen;
}

describe('captureEnvironment', () => {
  let root: string;
  beforeEach(() => {
    root = mkdtempSync(path.join(tmpdir(), 'env-'));
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('records every installed runtime dependency, deterministically, without dev dependencies', () => {
    const gen = makeTree(root);
    const first = captureEnvironment({ packageDirs: [gen], runtime, isDirtyCheckout: () => false });
    const second = captureEnvironment({ packageDirs: [gen], runtime, isDirtyCheckout: () => false });
    expect(first.packages).toEqual({ a: '1.0.0', c: '2.0.0', gen: '0.1.0' });
    expect(first.hasEditable).toBe(false);
    expect(environmentHash(first)).toBe(environmentHash(second));
    expect(environmentHash(first)).toMatch(/^[0-9a-f]{32}$/);
  });

  it('changes the hash when a dependency version changes, and diff names exactly that package', () => {
    const before = captureEnvironment({ packageDirs: [makeTree(root)], runtime, isDirtyCheckout: () => false });
    const after = captureEnvironment({ packageDirs: [makeTree(root, '1.0.1')], runtime, isDirtyCheckout: () => false });
    expect(environmentHash(before)).not.toBe(environmentHash(after));
    const diff = diffEnvironments(before, after);
    expect(diff.packages).toEqual([{ name: 'a', a: '1.0.0', b: '1.0.1' }]);
    expect(diff.runtime).toEqual([]);
    expect(diff.identical).toBe(false);
    expect(diffEnvironments(before, after, { deps: ['c'] }).identical).toBe(true);
    expect(diffEnvironments(before, { ...before, runtime: { ...runtime, node: '22.0.0' } }).runtime).toEqual([
      { field: 'node', a: '20.0.0', b: '22.0.0' },
    ]);
  });

  it('treats tilde and caret semver ranges as registry versions, but ~/ and ./ specifiers as paths', () => {
    const gen = makeTree(root);
    writePackage(gen, { name: 'gen', version: '0.1.0', dependencies: { a: '~1.0.0', c: '^2' } });
    expect(captureEnvironment({ packageDirs: [gen], runtime, isDirtyCheckout: () => false }).editable).toEqual({});
    writePackage(gen, { name: 'gen', version: '0.1.0', dependencies: { a: '~/checkouts/a', c: './vendor/c' } });
    expect(captureEnvironment({ packageDirs: [gen], runtime, isDirtyCheckout: () => false }).editable).toEqual({
      a: '~/checkouts/a',
      c: './vendor/c',
    });
  });

  it('flags a linked package, a workspace specifier and a dirty checkout as editable', () => {
    const gen = makeTree(root);
    writePackage(gen, { name: 'gen', version: '0.1.0', dependencies: { a: '^1.0.0', b: 'workspace:^' } });
    const linkedB = path.join(root, 'workspace', 'b');
    writePackage(linkedB, { name: 'b', version: '3.0.0' });
    symlinkSync(linkedB, path.join(root, 'app', 'node_modules', 'b'));
    const env = captureEnvironment({ packageDirs: [gen], runtime, isDirtyCheckout: (dir) => dir.endsWith(`${path.sep}b`) });
    expect(env.packages.b).toBe('3.0.0');
    expect(env.hasEditable).toBe(true);
    expect(env.editable).toEqual({ b: '+dirty linked workspace:^' });
  });

  it('records a declared but absent dependency as MISSING and rejects a directory without package.json', () => {
    const gen = makeTree(root);
    writePackage(gen, { name: 'gen', version: '0.1.0', dependencies: { a: '^1.0.0', ghost: '^1' } });
    expect(captureEnvironment({ packageDirs: [gen], runtime, isDirtyCheckout: () => false }).packages.ghost).toBe('MISSING');
    expect(() => captureEnvironment({ packageDirs: [path.join(root, 'nowhere')], runtime })).toThrow(
      expect.objectContaining({ code: 'ENV_PACKAGE_NOT_FOUND' }),
    );
    // a folder that exists but holds no package.json is refused the same way
    mkdirSync(path.join(root, 'empty'), { recursive: true });
    expect(() => captureEnvironment({ packageDirs: [path.join(root, 'empty')], runtime })).toThrow(
      expect.objectContaining({ code: 'ENV_PACKAGE_NOT_FOUND' }),
    );
  });

  it('captures the real installed tree of this package', () => {
    const env = captureEnvironment({ packageDirs: [path.resolve(__dirname, '../..')] });
    expect(env.packages['@spyglass-recompute/engine']).toBeDefined();
    expect(env.packages.h5wasm).toBe('0.10.3');
    expect(env.editable['@spyglass-recompute/engine']).toContain('linked');
  });

  it('asks about each linked directory once, however many packages depend on it (issue 12: git ran ~21 times)', () => {
    const gen = makeTree(root);
    const linkedB = path.join(root, 'workspace', 'b');
    writePackage(linkedB, { name: 'b', version: '3.0.0' });
    symlinkSync(linkedB, path.join(root, 'app', 'node_modules', 'b'));
    writePackage(gen, { name: 'gen', version: '0.1.0', dependencies: { a: '^1.0.0', b: 'workspace:^' } });
    writePackage(path.join(root, 'app', 'node_modules', 'a'), { name: 'a', version: '1.0.0', dependencies: { b: 'workspace:^', c: '^2' } });
    const asked: string[] = [];
    captureEnvironment({ packageDirs: [gen], runtime, isDirtyCheckout: (dir) => (asked.push(dir), false) });
    expect(asked).toEqual([realpathSync(linkedB)]);
  });
});

describe('gitCheckoutIsDirty', () => {
  let repo: string;
  const git = (...args: string[]): string =>
    execFileSync('git', args, { cwd: repo, encoding: 'utf8', env: { ...process.env, GIT_OPTIONAL_LOCKS: undefined } });
  beforeEach(() => {
    repo = mkdtempSync(path.join(tmpdir(), 'env-git-'));
    git('init', '-q');
    writeFileSync(path.join(repo, 'package.json'), '{}');
    git('add', '.');
    git('-c', 'user.name=t', '-c', 'user.email=t@example.org', 'commit', '-qm', 'init');
  });
  afterEach(() => rmSync(repo, { recursive: true, force: true }));

  it('tells clean from dirty without writing the repository (no index refresh, so no index.lock)', () => {
    // A touched but unchanged file has stale stat data in the index: a plain `git status`
    // refreshes the index, rewriting .git/index through .git/index.lock.
    const old = new Date(Date.now() - 60_000);
    utimesSync(path.join(repo, 'package.json'), old, old);
    const index = path.join(repo, '.git', 'index');
    utimesSync(index, new Date(Date.now() - 120_000), new Date(Date.now() - 120_000));
    const before = statSync(index);
    expect(gitCheckoutIsDirty(repo)).toBe(false);
    writeFileSync(path.join(repo, 'package.json'), '{"changed": true}');
    expect(gitCheckoutIsDirty(repo)).toBe(true);
    const after = statSync(index);
    expect([after.ino, after.mtimeMs]).toEqual([before.ino, before.mtimeMs]);
    // The same check with a plain `git status` does rewrite it (what the test guards against).
    git('status', '--porcelain');
    expect(statSync(index).mtimeMs).not.toBe(before.mtimeMs);
  });
});
