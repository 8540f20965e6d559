import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { runCli } from '../test-support/runCli';
import type { DemoSummary } from '../demo/runDemo';

describe('recompute demo', () => {
  let parent: string;
  beforeAll(async () => {
    parent = await mkdtemp(path.join(os.tmpdir(), 'cli-demo-'));
  });
  afterAll(async () => rm(parent, { recursive: true, force: true }));

  it('runs the whole life cycle on embedded SQLite without any database server configured', async () => {
    const dir = path.join(parent, 'fresh');
    // A bogus server URL in the environment must not matter: the demo uses its own embedded database.
    const run = await runCli(['demo', '--dir', dir, '--duration', '4', '--tetrodes', '2', '--json'], { RECOMPUTE_DB_URL: undefined, SPYGLASS_BASE_DIR: undefined });
    expect(run.exitCode).toBe(0);
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

  it('refuses a non-empty --dir with exit 2, touching nothing', async () => {
    const dir = path.join(parent, 'used');
    await rm(dir, { recursive: true, force: true });
    await mkdir(dir);
    await writeFile(path.join(dir, 'keep.txt'), 'mine');
    const run = await runCli(['demo', '--dir', dir, '--json']);
    expect(run.exitCode).toBe(2);
    expect(run.json).toEqual({ error: expect.objectContaining({ code: 'DEMO_DIR_NOT_EMPTY', message: expect.stringContaining('--dir') }) });
  });
});
