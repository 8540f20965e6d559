import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { captureEnvironment, gitCheckoutIsDirty } from './captureEnvironment';

/*
 * Installed trees captureEnvironment must still describe exactly: manifests without a name or
 * version, optional and peer dependencies, one name at several versions, every specifier that
 * points at unpinned bytes, and manifests it cannot read.
 */
const runtime = { node: '20.0.0', platform: 'linux', arch: 'x64' };
const clean = () => false;

let root: string;
beforeEach(() => {
  root = mkdtempSync(path.join(tmpdir(), 'env-edges-'));
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

function writePackage(dir: string, manifest: Record<string, unknown> | string): string {
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, 'package.json'), typeof manifest === 'string' ? manifest : JSON.stringify(manifest));
  return dir;
}
const modules = (...parts: string[]) => path.join(root, 'app', 'node_modules', ...parts);

describe('captureEnvironment edges', () => {
  it('a manifest without name or version is named after its folder at 0.0.0', () => {
    const gen = writePackage(modules('gen'), { dependencies: { plain: '1' } });
    writePackage(modules('plain'), {});
    expect(captureEnvironment({ packageDirs: [gen], runtime, isDirtyCheckout: clean }).packages).toEqual({ gen: '0.0.0', plain: '0.0.0' });
  });

  it('follows installed optional and peer dependencies; absent ones are not MISSING', () => {
    const gen = writePackage(modules('gen'), {
      name: 'gen',
      version: '1.0.0',
      optionalDependencies: { opt: '1', 'opt-absent': '1' },
      peerDependencies: { peer: '1', 'peer-absent': '1' },
    });
    writePackage(modules('opt'), { name: 'opt', version: '1.1.0' });
    writePackage(modules('peer'), { name: 'peer', version: '2.0.0' });
    expect(captureEnvironment({ packageDirs: [gen], runtime, isDirtyCheckout: clean }).packages).toEqual({
      gen: '1.0.0',
      opt: '1.1.0',
      peer: '2.0.0',
    });
  });

  it('one name at several versions lists them sorted; MISSING somewhere but installed elsewhere is not missing', () => {
    // dep 2.0.0 (listed first) is met before a's dep 1.5.0: the versions are sorted, not in visiting order
    const gen = writePackage(modules('gen'), { name: 'gen', version: '1.0.0', dependencies: { dep: '2', a: '1', b: '1' } });
    writePackage(modules('dep'), { name: 'dep', version: '2.0.0' });
    writePackage(modules('a'), { name: 'a', version: '1.0.0', dependencies: { dep: '1' } });
    writePackage(modules('a', 'node_modules', 'dep'), { name: 'dep', version: '1.5.0' });
    // b declares `late`, installed only below c, which is visited after b.
    writePackage(modules('b'), { name: 'b', version: '1.0.0', dependencies: { late: '1', c: '1' } });
    writePackage(modules('b', 'node_modules', 'c'), { name: 'c', version: '1.0.0', dependencies: { late: '1' } });
    writePackage(modules('b', 'node_modules', 'c', 'node_modules', 'late'), { name: 'late', version: '3.0.0' });
    const env = captureEnvironment({ packageDirs: [gen], runtime, isDirtyCheckout: clean });
    expect(env.packages.dep).toBe('1.5.0 | 2.0.0');
    expect(env.packages.late).toBe('3.0.0');
    expect(Object.keys(env.packages)).toEqual(['a', 'b', 'c', 'dep', 'gen', 'late']);
  });

  it('a dependency cycle is walked once; a node_modules folder without package.json is not an installed package', () => {
    const gen = writePackage(modules('gen'), { name: 'gen', version: '1.0.0', dependencies: { ping: '1', broken: '1' } });
    writePackage(modules('ping'), { name: 'ping', version: '1.0.0', dependencies: { pong: '1' } });
    writePackage(modules('pong'), { name: 'pong', version: '2.0.0', dependencies: { ping: '1', gen: '1' } });
    mkdirSync(modules('broken', 'lib'), { recursive: true });
    expect(captureEnvironment({ packageDirs: [gen], runtime, isDirtyCheckout: clean }).packages).toEqual({
      broken: 'MISSING',
      gen: '1.0.0',
      ping: '1.0.0',
      pong: '2.0.0',
    });
  });

  it('every specifier that is not a registry version range marks the package editable', () => {
    const specifiers: Record<string, string> = {
      w: 'workspace:*',
      f: 'file:../f',
      l: 'link:../l',
      p: 'portal:../p',
      g1: 'git+https://example.org/g1.git',
      g2: 'git://example.org/g2.git',
      gh: 'github:org/gh',
      gl: 'gitlab:org/gl',
      bb: 'bitbucket:org/bb',
      h1: 'http://example.org/h1.tgz',
      h2: 'https://example.org/h2.tgz',
      r1: './r1',
      r2: '../r2',
      abs: '/opt/abs',
      home: '~/abs',
      semver: '~1.2.3',
      caret: '^1',
      tag: 'latest',
      npmAlias: 'npm:other@1',
    };
    const gen = writePackage(modules('gen'), { name: 'gen', version: '1.0.0', dependencies: specifiers });
    for (const name of Object.keys(specifiers)) writePackage(modules(name), { name, version: '1.0.0' });
    const env = captureEnvironment({ packageDirs: [gen], runtime, isDirtyCheckout: clean });
    const pinned = ['semver', 'caret', 'tag', 'npmAlias'];
    expect(env.editable).toEqual(
      Object.fromEntries(
        Object.entries(specifiers)
          .filter(([name]) => !pinned.includes(name))
          .sort(),
      ),
    );
  });

  it("reasons of a linked package are sorted and joined; the running process's runtime is the default", () => {
    const gen = writePackage(path.join(root, 'checkout', 'gen'), { name: 'gen', version: '1.0.0' });
    const env = captureEnvironment({ packageDirs: [gen], isDirtyCheckout: () => true });
    expect(env.editable).toEqual({ gen: '+dirty linked' });
    expect(env.runtime).toEqual({ node: process.versions.node, platform: process.platform, arch: process.arch });
    expect(env.hasEditable).toBe(true);
  });

  it('an unreadable manifest is ENV_MANIFEST_UNREADABLE naming the file', () => {
    const gen = writePackage(modules('gen'), { name: 'gen', version: '1.0.0', dependencies: { broken: '1' } });
    writePackage(modules('broken'), '{ not json');
    expect(() => captureEnvironment({ packageDirs: [gen], runtime, isDirtyCheckout: clean })).toThrow(
      expect.objectContaining({ code: 'ENV_MANIFEST_UNREADABLE', details: { file: path.join(modules('broken'), 'package.json') } }),
    );
  });

  it('gitCheckoutIsDirty is false outside a git checkout', () => {
    expect(gitCheckoutIsDirty(root)).toBe(false);
    expect(gitCheckoutIsDirty(path.join(root, 'missing'))).toBe(false);
  });
});
