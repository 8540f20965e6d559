import { runCliInProcess as runCli } from '../test-support/runCliInProcess';

// Issue 12 §5: bad command lines are exit 2 with a message naming what is wrong, also as JSON.
// In process (runCliInProcess): the parsing of the command line is the subject, not the process;
// contract.test.ts checks that an exit-2 document of the spawned bin equals the in-process one.

describe('bad positional values', () => {
  it.each(['abc', '-7'])('v1 sort-group set F %s: exit 2 FLAG_INVALID naming the ID argument', async (id) => {
    const run = await runCli(['v1', 'sort-group', 'set', 'F_.nwb', id, '--electrodes', '0,1', '--reference', '0', '--json']);
    expect(run.exitCode).toBe(2);
    expect(run.json).toEqual({
      error: expect.objectContaining({ code: 'FLAG_INVALID', message: expect.stringMatching(new RegExp(`^ID .*${id}`)) }),
    });
  });
});

describe('unknown commands', () => {
  it.each([['nosuchcommand'], ['v1', 'nosuch']])('%s %s --json: exit 2 with the JSON error document on stdout', async (...command) => {
    const run = await runCli([...command, '--json']);
    expect(run.exitCode).toBe(2);
    expect(run.json).toEqual({ error: { code: 'COMMAND_NOT_FOUND', message: expect.stringContaining(command.join(' ')) } });
  });

  it('without --json: exit 2 and the message on stderr only', async () => {
    const run = await runCli(['nosuchcommand']);
    expect(run.exitCode).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain('Unknown command "nosuchcommand"');
  });
});

describe('run --filter-threads', () => {
  it.each(['v0', 'v1'])('%s run --filter-threads -1: exit 2 USAGE naming the flag', async (pipeline) => {
    const run = await runCli([pipeline, 'run', '--filter-threads', '-1', '--json']);
    expect(run.exitCode).toBe(2);
    expect(run.json).toEqual({ error: { code: 'USAGE', message: expect.stringContaining('--filter-threads') } });
  });
});
