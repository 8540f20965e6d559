import { runCli } from '../test-support/runCli';

describe('topic help', () => {
  it('every topic has its own one-line description, not its first command’s summary', async () => {
    const root = await runCli(['--help']);
    expect(root.exitCode).toBe(0);
    const topics = root.stdout.slice(root.stdout.indexOf('TOPICS'), root.stdout.indexOf('COMMANDS'));
    for (const [topic, description] of [
      ['db', 'Create or upgrade the database schema'],
      ['env', 'Software environments that made or remade files'],
      ['hash', 'Spyglass-identical digests'],
      ['interval', 'Named time windows of raw files'],
      ['v0', 'v0 recordings (binary folders)'],
      ['v1', 'v1 recordings (analysis NWB files)'],
    ] as const) {
      expect(topics).toMatch(new RegExp(`^  ${topic}\\s+${description.replace(/[()]/g, '\\$&')}`, 'm'));
    }
    const v1 = await runCli(['v1', '--help']);
    expect(v1.stdout.split('\n')[0]).toBe('v1 recordings (analysis NWB files): list, verify, delete, refetch.');
    expect(v1.stdout).toMatch(/^ {2}v1 sort-group\s+Electrodes processed together and their reference\.$/m);
    const env = await runCli(['env', '--help']);
    expect(env.stdout.split('\n')[0]).toBe('Software environments that made or remade files, and their ids.');
  });
});
