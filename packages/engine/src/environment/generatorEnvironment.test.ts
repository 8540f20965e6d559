import { readFileSync } from 'node:fs';
import path from 'node:path';
import { environmentOwner, GENERATOR_PACKAGES, generatorPackageDirs } from './generatorEnvironment';

describe('registering the current environment as the CLI does, from a library', () => {
  it('resolves the generator packages from the caller (the CLI installs both)', () => {
    const cli = path.resolve(__dirname, '../../../../apps/cli');
    const dirs = generatorPackageDirs(cli);
    const names = dirs.map((dir) => (JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as { name: string }).name);
    expect(names).toEqual([...GENERATOR_PACKAGES]);
  });

  it('names the generator it cannot resolve (the engine itself installs neither)', () => {
    const engine = path.resolve(__dirname, '../..');
    expect(() => generatorPackageDirs(engine)).toThrow(
      expect.objectContaining({ code: 'ENV_PACKAGE_NOT_FOUND', details: { package: '@spyglass-recompute/v0', resolveFrom: engine } }),
    );
  });

  it('builds the owner from RECOMPUTE_USER / RECOMPUTE_ENV_NAME, else the OS user and default', () => {
    expect(environmentOwner({ RECOMPUTE_USER: 'ana', RECOMPUTE_ENV_NAME: 'gpu' }, () => 'os-user')).toEqual({
      user: 'ana',
      envName: 'gpu',
    });
    expect(environmentOwner({}, () => 'os-user')).toEqual({ user: 'os-user', envName: 'default' });
  });
});
