import type { EnvironmentRecord, EnvironmentSnapshot } from './EnvironmentSnapshot';
import { diffEnvironments } from './diffEnvironments';
import { environmentManifest } from './environmentManifest';
import { nextEnvironmentId } from './nextEnvironmentId';

const runtime = { node: '20.0.0', platform: 'linux', arch: 'x64' };
const snapshot = (packages: Record<string, string>, editable: Record<string, string> = {}): EnvironmentSnapshot => ({
  runtime,
  packages,
  editable,
  hasEditable: Object.keys(editable).length > 0,
});

describe('diffEnvironments', () => {
  it('lists packages only one side has (null on the other) and different versions, sorted by name', () => {
    const diff = diffEnvironments(snapshot({ b: '1', a: '1', same: '3' }), snapshot({ c: '2', a: '2', same: '3' }));
    expect(diff.packages).toEqual([
      { name: 'a', a: '1', b: '2' },
      { name: 'b', a: '1', b: null },
      { name: 'c', a: null, b: '2' },
    ]);
    expect(diff.identical).toBe(false);
  });

  it('a package whose editable state alone differs is listed with both reasons', () => {
    const diff = diffEnvironments(snapshot({ gen: '0.1.0' }, { gen: 'linked' }), snapshot({ gen: '0.1.0' }, { gen: 'linked +dirty' }));
    expect(diff.packages).toEqual([{ name: 'gen', a: '0.1.0', b: '0.1.0', editable: { a: 'linked', b: 'linked +dirty' } }]);
    const onlyOne = diffEnvironments(snapshot({ gen: '0.1.0' }), snapshot({ gen: '0.2.0' }, { gen: 'linked' }));
    expect(onlyOne.packages).toEqual([{ name: 'gen', a: '0.1.0', b: '0.2.0', editable: { a: null, b: 'linked' } }]);
  });

  it('--deps compares only the named packages, each once, even ones neither has', () => {
    const a = snapshot({ x: '1', y: '1' });
    const b = snapshot({ x: '2', y: '2' });
    expect(diffEnvironments(a, b, { deps: ['y', 'y', 'z'] }).packages).toEqual([{ name: 'y', a: '1', b: '2' }]);
  });

  it('every runtime field is compared; identical only when nothing differs', () => {
    const base = snapshot({ x: '1' });
    const other = { ...base, runtime: { node: '20.0.0', platform: 'darwin', arch: 'arm64' } };
    const diff = diffEnvironments(base, other);
    expect(diff.runtime).toEqual([
      { field: 'platform', a: 'linux', b: 'darwin' },
      { field: 'arch', a: 'x64', b: 'arm64' },
    ]);
    expect(diff.identical).toBe(false);
    expect(diffEnvironments(base, snapshot({ x: '1' }))).toEqual({ runtime: [], packages: [], identical: true });
  });
});

describe('nextEnvironmentId', () => {
  it('is _00 while no id of the base has it, then one more than the highest numeric suffix, two digits at least', () => {
    expect(nextEnvironmentId('u', 'e', ['u_e_03'])).toBe('u_e_00');
    expect(nextEnvironmentId('u', 'e', ['u_e_00'])).toBe('u_e_01');
    expect(nextEnvironmentId('u', 'e', ['u_e_00', 'u_e_99'])).toBe('u_e_100');
    expect(nextEnvironmentId('u', 'e', ['u_e_00', 'u_e_100'])).toBe('u_e_101');
    // suffix 000 is numerically 0: _00 counts as used, as Spyglass's int() of the suffix sees it
    expect(nextEnvironmentId('u', 'e', ['u_e_000'])).toBe('u_e_01');
  });

  it('ignores other bases and suffixes that are not two or more digits', () => {
    expect(nextEnvironmentId('u', 'e', ['u_e_00', 'u_e_5', 'u_e_x', 'u_e_04b', 'v_e_09', 'u_e2_07', 'xu_e_08'])).toBe('u_e_01');
  });
});

describe('environmentManifest', () => {
  const record = (envId: string, packages: Record<string, string>): EnvironmentRecord => ({
    envId,
    envHash: 'f'.repeat(32),
    hasEditable: false,
    timestamp: new Date(0),
    env: snapshot(packages),
  });

  it('names the package after the env id (lower case, other characters as -) and describes where it comes from', () => {
    const manifest = environmentManifest(record('Ann Smith/Lab_00', { h5wasm: '0.10.3' }));
    expect(manifest.packageJson).toMatchObject({
      name: 'recompute-env-ann-smith-lab_00',
      version: '0.0.0',
      description: `Packages of the stored recompute environment Ann Smith/Lab_00 (env_hash ${'f'.repeat(32)}), pinned for \`npm ci\`.`,
      recompute: { notInstallable: {} },
    });
  });

  it('resolves tarballs on the public npm registry by default', () => {
    const manifest = environmentManifest(record('a_b_00', { h5wasm: '0.10.3', '@scope/pkg': '1.2.3' }), {});
    expect(manifest.packageLock.packages).toMatchObject({
      'node_modules/h5wasm': { version: '0.10.3', resolved: 'https://registry.npmjs.org/h5wasm/-/h5wasm-0.10.3.tgz' },
      'node_modules/@scope/pkg': { version: '1.2.3', resolved: 'https://registry.npmjs.org/@scope/pkg/-/pkg-1.2.3.tgz' },
    });
    const slashes = environmentManifest(record('a_b_00', { h5wasm: '0.10.3' }), { registry: 'https://r.example//' });
    expect(slashes.packageLock.packages).toMatchObject({
      'node_modules/h5wasm': { resolved: 'https://r.example/h5wasm/-/h5wasm-0.10.3.tgz' },
    });
  });
});
