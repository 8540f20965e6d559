import { attemptErrors } from './attemptErrors';
import { engineErrors } from './engineErrors';

/*
 * The engine's typed errors: each names what it is about and how to fix it (the CLI prints the
 * message as is, and `--json` prints the details), with the exit code of its class.
 */
describe('engine error messages and details', () => {
  const key = { nwb_file_name: 'rat01_.nwb', sort_group_id: 3 };

  it('restriction and lookup errors name the filter or key', () => {
    const nothing = engineErrors.restrictionMatchesNothing({ nwb_file_name: 'rat01_.nwb', sort_group_id: [1, 2] });
    expect(nothing).toMatchObject({ code: 'RESTRICTION_MATCHES_NOTHING', exitCode: 2 });
    expect(nothing.message).toBe('No recording matches nwb_file_name = "rat01_.nwb" and sort_group_id = [1,2]. Check the filter values.');
    expect(nothing.details).toEqual({ restriction: { nwb_file_name: 'rat01_.nwb', sort_group_id: [1, 2] } });

    const missing = engineErrors.artefactNotFound(key);
    expect(missing.message).toBe(`No recording with key ${JSON.stringify(key)} is stored.`);
    expect(missing.details).toEqual({ key });
  });

  it('verification errors name the key, the path, both hashes and the environment (exit 4)', () => {
    const noHash = engineErrors.hashNotStored(key, '/data/rec/x');
    expect(noHash).toMatchObject({ code: 'HASH_NOT_STORED', exitCode: 4, details: { key, path: '/data/rec/x' } });
    expect(noHash.message).toContain(
      `Recording ${JSON.stringify(key)} has no stored hash, so a regenerated /data/rec/x cannot be verified.`,
    );
    expect(noHash.message).toContain('`update-ids`');

    const args = { key, path: '/data/rec/x', expected: 'e'.repeat(32), actual: 'a'.repeat(32), envId: 'alice_default_00' };
    const mismatch = engineErrors.regeneratedHashMismatch(args);
    expect(mismatch).toMatchObject({ code: 'REGENERATED_HASH_MISMATCH', exitCode: 4, details: args });
    expect(mismatch.message).toBe(
      `Regenerated recording ${JSON.stringify(key)} does not match its stored hash (expected ${args.expected}, got ${args.actual}, ` +
        'environment alice_default_00); the regenerated copy was deleted and /data/rec/x stays absent.',
    );
  });

  it('regeneration failures give the cause (an Error or any value) and the timeout (exit 1)', () => {
    const cause = new Error('out of memory');
    const failed = engineErrors.regenerationFailed(key, '/data/rec/x', cause);
    expect(failed).toMatchObject({ code: 'REGENERATION_FAILED', exitCode: 1, details: { key, path: '/data/rec/x' }, cause });
    expect(failed.message).toBe(`Regenerating recording ${JSON.stringify(key)} at /data/rec/x failed: out of memory`);
    expect(engineErrors.regenerationFailed(key, '/p', 'killed').message).toMatch(/failed: killed$/);

    const timedOut = engineErrors.regenerationTimedOut(300);
    expect(timedOut).toMatchObject({ code: 'REGENERATION_TIMEOUT', exitCode: 1, details: { timeoutMs: 300 } });
    expect(timedOut.message).toBe('Regeneration did not finish within 300 ms (raise the timeout if the recording is large).');

    const original = engineErrors.originalMissing('/data/rec/x');
    expect(original).toMatchObject({ code: 'ORIGINAL_MISSING', details: { path: '/data/rec/x' } });
    expect(original.message).toBe('original /data/rec/x is missing; nothing to compare with');
  });

  it('deletion refusals give the counts, bytes, limits and roots', () => {
    const already = engineErrors.alreadyDeleted(3);
    expect(already).toMatchObject({ code: 'ALREADY_DELETED', details: { count: 3 } });
    expect(already.message).toBe('The 3 matched file(s) selected were already deleted; nothing to do. Use `fetch` to regenerate one.');

    const outside = engineErrors.pathOutsideDataRoots('/etc/passwd', ['/data/a', '/data/b']);
    expect(outside).toMatchObject({ code: 'PATH_OUTSIDE_DATA_ROOTS', details: { path: '/etc/passwd', roots: ['/data/a', '/data/b'] } });
    expect(outside.message).toBe(
      'Refusing to touch /etc/passwd: it is not inside any configured data root (/data/a, /data/b). Check SPYGLASS_BASE_DIR and friends.',
    );

    const confirm = engineErrors.confirmationRequired(2, 2048);
    expect(confirm).toMatchObject({ code: 'CONFIRMATION_REQUIRED', exitCode: 2, details: { count: 2, bytes: 2048 } });
    expect(confirm.message).toBe('Deleting 2 file(s) (2048 bytes) needs confirmation: pass --yes (and not --dry-run).');

    const allMissing = engineErrors.originalsAllMissing(4, ['/data/a']);
    expect(allMissing).toMatchObject({ code: 'ORIGINALS_ALL_MISSING', details: { count: 4, roots: ['/data/a'] } });
    expect(allMissing.message).toBe(
      'All 4 originals to delete are already missing — is a data root unmounted or moved (/data/a)? ' +
        'Nothing was flagged. Check the roots, or pass --allow-large-deletion to flag them as deleted anyway.',
    );

    const large = engineErrors.deletionTooLarge(600, 10, 500, 2 ** 40);
    expect(large).toMatchObject({ code: 'DELETION_TOO_LARGE', details: { count: 600, bytes: 10, maxFiles: 500, maxBytes: 2 ** 40 } });
    expect(large.message).toBe(
      `Refusing to delete 600 file(s) / 10 bytes at once (limits: 500 files, ${2 ** 40} bytes). ` +
        'Narrow the filters, or pass --allow-large-deletion if this is intended.',
    );
  });

  it('an unavailable data root names the setting to fix when it is known', () => {
    const cause = new Error('ENOENT');
    const plain = engineErrors.dataRootUnavailable('/mnt/data', 'missing', cause);
    expect(plain).toMatchObject({ code: 'DATA_ROOT_UNAVAILABLE', details: { root: '/mnt/data', reason: 'missing' }, cause });
    expect(plain.details).not.toHaveProperty('setting');
    expect(plain.message).toBe(
      'Data root /mnt/data is missing; nothing was changed. Mount or create it, or fix the SPYGLASS_*_DIR settings.',
    );
    const named = engineErrors.dataRootUnavailable('/mnt/data', 'not writable', undefined, 'SPYGLASS_TEMP_DIR');
    expect(named.details).toEqual({ root: '/mnt/data', reason: 'not writable', setting: 'SPYGLASS_TEMP_DIR' });
    expect(named.message).toBe(
      'Data root /mnt/data (SPYGLASS_TEMP_DIR) is not writable; nothing was changed. Mount or create it, or point SPYGLASS_TEMP_DIR at the right directory.',
    );
  });
});

describe('attempt error messages and details', () => {
  it('name the flag, the values and what is allowed', () => {
    const unknown = attemptErrors.unknownXfailReason(['padlen', 'x'], ['known_bad_fixture']);
    expect(unknown).toMatchObject({
      code: 'XFAIL_REASON_UNKNOWN',
      exitCode: 2,
      details: { flag: '--skip-xfail', reasons: ['padlen', 'x'], known: ['known_bad_fixture'] },
    });
    expect(unknown.message).toBe(
      '--skip-xfail names unknown expected-failure reason(s) padlen, x; known reasons: known_bad_fixture (as listed by `status`).',
    );

    const other = attemptErrors.otherEnvironment('bob_default_00', 'alice_default_00');
    expect(other).toMatchObject({
      code: 'ENV_NOT_CURRENT',
      details: { flag: '--env-id', requested: 'bob_default_00', current: 'alice_default_00' },
    });
    expect(other.message).toBe(
      '--env-id bob_default_00 names another environment: attempts run only in the current one (alice_default_00). ' +
        'Drop --env-id, or run from the environment bob_default_00 describes.',
    );

    const confirm = attemptErrors.confirmationRequired(3, 100);
    expect(confirm).toMatchObject({ code: 'CONFIRMATION_REQUIRED', details: { count: 3, bytes: 100 } });
    expect(confirm.message).toBe('Deleting 3 attempt row(s) and 100 bytes of regenerated copies needs confirmation: pass --yes.');
  });
});
