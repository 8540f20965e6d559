import { jobErrors } from '../jobs/jobErrors';
import { environmentErrors } from './environmentErrors';

/* The environment and job stores' typed errors: what each names, its details and exit code. */
describe('environment error messages and details', () => {
  it('capture errors name the directory, package or manifest', () => {
    const dir = environmentErrors.packageDirInvalid('/opt/gen');
    expect(dir).toMatchObject({ code: 'ENV_PACKAGE_NOT_FOUND', exitCode: 2, details: { dir: '/opt/gen' } });
    expect(dir.message).toBe('Cannot capture the environment: /opt/gen has no package.json (pass the directory of a generating package).');

    const notInstalled = environmentErrors.packageNotInstalled('@x/v1', '/app/cli', ['@x/v0', '@x/v1']);
    expect(notInstalled).toMatchObject({ code: 'ENV_PACKAGE_NOT_FOUND', details: { package: '@x/v1', resolveFrom: '/app/cli' } });
    expect(notInstalled.message).toBe(
      'Cannot capture the environment: @x/v1 is not installed where /app/cli can require it (install both @x/v0 and @x/v1).',
    );

    const cause = new SyntaxError('bad json');
    const manifest = environmentErrors.manifestUnreadable('/opt/gen/package.json', cause);
    expect(manifest).toMatchObject({ code: 'ENV_MANIFEST_UNREADABLE', details: { file: '/opt/gen/package.json' }, cause });
    expect(manifest.message).toBe('Cannot read /opt/gen/package.json while capturing the environment.');
  });

  it('id errors name the id, the flag and the way out', () => {
    const contention = environmentErrors.idContention('alice', 'default');
    expect(contention).toMatchObject({ code: 'ENV_ID_CONTENTION', exitCode: 1 });
    expect(contention.message).toBe('Could not store the environment for alice_default: env ids kept being taken concurrently.');

    const notFound = environmentErrors.notFound('bob_x_00');
    expect(notFound).toMatchObject({ code: 'ENV_NOT_FOUND', details: { envId: 'bob_x_00' } });
    expect(notFound.message).toBe(
      'Unknown environment id "bob_x_00". List known ids with `recompute env show --all` or capture one with `recompute env capture`.',
    );

    const invalid = environmentErrors.idInvalid('bad id');
    expect(invalid).toMatchObject({ code: 'ENV_ID_INVALID', details: { flag: '--id', envId: 'bad id' } });
    expect(invalid.message).toBe(
      `--id "bad id" is not a valid env id: use 1-127 letters, digits, '_', '.' or '-', starting with a letter or digit.`,
    );

    const stored = environmentErrors.alreadyStored('mine_01', 'alice_default_00');
    expect(stored).toMatchObject({ code: 'ENV_ALREADY_STORED', details: { flag: '--id', envId: 'mine_01', storedAs: 'alice_default_00' } });
    expect(stored.message).toBe(
      'This environment is already stored as alice_default_00 (an environment is stored once); use that id, or change the environment before capturing it as mine_01.',
    );

    const taken = environmentErrors.idTaken('mine_01');
    expect(taken).toMatchObject({ code: 'ENV_ID_TAKEN', details: { flag: '--id', envId: 'mine_01' } });
    expect(taken.message).toBe(
      'Env id mine_01 is taken by another environment (compare them with `recompute env diff current mine_01`); choose another --id.',
    );
  });

  it('a bad ~jobs schema name is refused with the rule and an example', () => {
    const error = jobErrors.schemaNameInvalid('x;drop');
    expect(error).toMatchObject({ code: 'JOBS_SCHEMA_INVALID', exitCode: 2, details: { schema: 'x;drop' } });
    expect(error.message).toBe(
      '"x;drop" is not a DataJoint schema name (1-64 letters, digits, "_", "$" or "-"); the ~jobs table lives in the recompute schema, e.g. spikesorting_v1_recompute.',
    );
  });
});
