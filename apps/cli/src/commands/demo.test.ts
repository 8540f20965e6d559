import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { demoSummaryShape } from '../test-support/demoSummaryShape';
import { shapeMismatches } from '../test-support/jsonShape';
import { runCli } from '../test-support/runCli';
import { runCliInProcess } from '../test-support/runCliInProcess';
import type { DemoSummary } from '../demo/runDemo';
import { sqliteUrl } from '@spyglass-recompute/schema';

// The demo as a user runs it: the spawned bin's whole life cycle on both pipelines (the human
// output test). The `--json` run, the refusal and the pasted command run in process
// (runCliInProcess); the `--json` run is also the contract's check of the demo document
// (contract.test.ts names this file for it). --duration 3 is the shortest demo.
describe('recompute demo', () => {
  let parent: string;
  beforeAll(async () => {
    parent = await mkdtemp(path.join(os.tmpdir(), 'cli-demo-'));
  });
  afterAll(async () => rm(parent, { recursive: true, force: true }));

  it('runs the whole life cycle on embedded SQLite without any database server configured', async () => {
    const dir = path.join(parent, 'fresh');
    // A bogus server URL in the environment must not matter: the demo uses its own embedded database.
    const run = await runCliInProcess(['demo', '--dir', dir, '--duration', '3', '--tetrodes', '2', '--json'], {
      RECOMPUTE_DB_URL: undefined,
      SPYGLASS_BASE_DIR: undefined,
    });
    expect(run.exitCode).toBe(0);
    expect(shapeMismatches(run.json, demoSummaryShape)).toEqual([]);
    const summary = run.json as DemoSummary;
    expect(summary.database).toBe(`sqlite://${path.join(dir, 'recompute.sqlite')}`);
    expect(summary.validTimePieces).toBe(2);
    for (const pipeline of [summary.v1, summary.v0]) {
      expect(pipeline.recordings).toBe(2);
      expect(pipeline.matched).toBe(2);
      expect(pipeline.bytesFreed).toBe(pipeline.bytesCreated);
      expect(pipeline.fetched.regenerated).toBe(true);
      expect(pipeline.fetched.hash).toBe(pipeline.fetched.storedHash);
    }
  });

  it('honours --base-dir and ends with where its data is, what the environment id means and commands that paste as they are', async () => {
    const base = path.join(parent, 'base dir');
    const run = await runCli(['demo', '--base-dir', base, '--duration', '3', '--tetrodes', '1'], {
      RECOMPUTE_DB_URL: 'mysql://nobody@127.0.0.1:1/none',
      SPYGLASS_BASE_DIR: undefined,
    });
    expect(run.exitCode).toBe(0);
    const lines = run.stdout.trimEnd().split('\n');
    const database = sqliteUrl(path.join(base, 'recompute.sqlite'));
    expect(lines).toContainEqual(
      `The demo's data is in ${base} (${lines.join('\n').match(/\(([\d.]+ MiB) on disk/)![1]} on disk: the raw file, the database and the two recordings fetched back); database ${database}.`,
    );
    expect(lines).toContainEqual(
      expect.stringMatching(
        /^Environment \S+_\S+_\d\d is \{user\}_\{environment name\}_\{NN\}: user \S+, environment name "\S+" \(RECOMPUTE_ENV_NAME\), installation \d\d\./,
      ),
    );
    const listLine = lines.find((line) => line.startsWith('  recompute v1 list '));
    expect(listLine).toBe(`  recompute v1 list --base-dir '${base}' --db ${database}`);
    // Paste it: the printed flags reach the demo's database, whatever RECOMPUTE_DB_URL says.
    const pasted = await runCliInProcess(['v1', 'list', '--base-dir', base, '--db', database, '--json'], {
      RECOMPUTE_DB_URL: 'mysql://nobody@127.0.0.1:1/none',
    });
    expect(pasted.json).toMatchObject({ total: 1, recordings: [expect.objectContaining({ state: 'matched' })] });
    expect(lines[lines.length - 1]).toBe(`Remove it with: rm -r '${base}'`);
  });

  it('refuses a non-empty --dir with exit 2, touching nothing', async () => {
    const dir = path.join(parent, 'used');
    await rm(dir, { recursive: true, force: true });
    await mkdir(dir);
    await writeFile(path.join(dir, 'keep.txt'), 'mine');
    const run = await runCliInProcess(['demo', '--dir', dir, '--json']);
    expect(run.exitCode).toBe(2);
    expect(run.json).toEqual({ error: expect.objectContaining({ code: 'DEMO_DIR_NOT_EMPTY', message: expect.stringContaining('--dir') }) });
  });
});
