import { runCliInProcess as runCli } from '../test-support/runCliInProcess';

// In process (runCliInProcess): what the commands print is the subject. The bin's own start-up
// (`recompute --version` through a symlink on PATH) is paths.test.ts; spawned exit codes: contract.test.ts.

describe('recompute (global behaviour)', () => {
  it('prints its version', async () => {
    const run = await runCli(['--version']);
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toMatch(/@spyglass-recompute\/cli\/\d+\.\d+\.\d+/);
  });

  it('rejects an unknown flag with exit 2 and a JSON error naming it', async () => {
    const run = await runCli(['hash', 'dir', '.', '--no-such-flag', '--json']);
    expect(run.exitCode).toBe(2);
    expect(run.json).toEqual({ error: { code: 'USAGE', message: expect.stringContaining('--no-such-flag') } });
  });
});
