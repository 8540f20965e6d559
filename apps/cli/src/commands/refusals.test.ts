import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { addInterval, ingestRawNwb } from '@spyglass-recompute/common';
import { dataRootList, dataRootsUnder, type DataRoots } from '@spyglass-recompute/core';
import { createTestDatabase, type TestBackend, type TestDatabase, testBackends } from '@spyglass-recompute/schema';
import { runCli } from '../test-support/runCli';

const rawFixture = path.resolve(__dirname, '../../../../../shared/fixtures/spikesorting/short/raw/oracle_raw.nwb');
const backends = testBackends().filter((b): b is TestBackend => b === 'sqlite' || b === 'mariadb');
const T0 = 1687429800;

// Each refusal names the flag or command that fixes it (issue 17). The oracle file is ingested in
// process; only the refused commands are spawned.
for (const backend of backends) describe(`refusals name their fix, through the CLI on ${backend}`, () => {
  let db: TestDatabase;
  let roots: DataRoots;
  let env: NodeJS.ProcessEnv;
  beforeAll(async () => {
    db = await createTestDatabase(backend);
    roots = dataRootsUnder(await mkdtemp(path.join(os.tmpdir(), 'cli-refusals-')));
    for (const root of dataRootList(roots)) await mkdir(root, { recursive: true });
    env = { RECOMPUTE_DB_URL: db.url, SPYGLASS_BASE_DIR: roots.base };
    await ingestRawNwb(db.orm.em.fork(), { rawPath: rawFixture, roots });
    await addInterval(db.orm.em.fork(), { nwbFileName: 'oracle_raw.nwb', name: 'two_s', start: T0 + 0.5, end: T0 + 2.5 });
    await addInterval(db.orm.em.fork(), { nwbFileName: 'oracle_raw.nwb', name: 'blip', start: T0 + 1, end: T0 + 1.5 });
  }, 120_000);
  afterAll(async () => {
    await db?.drop();
    if (roots) await rm(roots.base, { recursive: true, force: true });
  });
  const create = (...args: string[]) => runCli(['v1', 'recording', 'create', '--nwb-file', 'oracle_raw.nwb', '--sort-group', '0', ...args, '--json'], env);

  it('an unknown electrode lists the ids that exist', async () => {
    const run = await runCli(['v1', 'sort-group', 'set', 'oracle_raw.nwb', '0', '--electrodes', '0,99', '--reference', '-2', '--json'], env);
    expect(run.exitCode).toBe(2);
    expect(run.json).toEqual({
      error: expect.objectContaining({ code: 'SORT_GROUP_ELECTRODE_UNKNOWN', message: 'electrode 99 does not exist in oracle_raw.nwb; its electrode ids are 0-7 (fix --electrodes)' }),
    });
  });

  it('an interval shorter than the minimum segment says how long it is and how to lower the minimum', async () => {
    const run = await create('--interval', 'blip');
    expect(run.exitCode).toBe(2);
    const message = (run.json as { error: { code: string; message: string } }).error.message;
    expect((run.json as { error: { code: string } }).error.code).toBe('INTERVAL_OUTSIDE_DATA');
    expect(message).toContain('its longest piece inside the data is 0.5 s, not longer than the minimum segment length 1 s of parameters "default"');
    expect(message).toContain('`recompute v1 params add default_short --frequency-min 300 --frequency-max 6000 --min-segment-length 0.49`');
    expect(message).toContain('`--params default_short`');
  });

  it('a band above Nyquist names --frequency-max', async () => {
    expect((await runCli(['v1', 'params', 'add', 'too_high', '--frequency-min', '300', '--frequency-max', '20000', '--json'], env)).exitCode).toBe(0);
    const run = await create('--interval', 'two_s', '--params', 'too_high');
    expect(run.exitCode).toBe(2);
    expect(run.json).toEqual({
      error: expect.objectContaining({ code: 'FILTER_FREQ_ABOVE_NYQUIST', message: expect.stringMatching(/^--frequency-max 20000 Hz is not below the Nyquist frequency .*params add NAME/) }),
    });
  });
});
