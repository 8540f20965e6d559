import { copyFile, mkdir, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { addInterval, addSortInterval, ingestRawNwb, setSortGroup } from '@spyglass-recompute/common';
import { dataRootList, dataRootsUnder, withH5File, type DataRoots } from '@spyglass-recompute/nwb';
import { createTestDatabase, type TestBackend, type TestDatabase, testBackends } from '@spyglass-recompute/schema';
import { runCliInProcess as runCli } from '../test-support/runCliInProcess';

const rawFixture = path.resolve(__dirname, '../../../../../shared/fixtures/spikesorting/short/raw/oracle_raw.nwb');
const backends = testBackends().filter((b): b is TestBackend => b === 'sqlite' || b === 'mariadb');
const T0 = 1687429800;

// Each refusal names the flag or command that fixes it (issue 17). The oracle file is ingested in
// process; the refused commands run in process too (runCliInProcess).
for (const backend of backends)
  describe(`refusals name their fix, through the CLI on ${backend}`, () => {
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
    const create = (...args: string[]) =>
      runCli(['v1', 'recording', 'create', '--nwb-file', 'oracle_raw.nwb', '--sort-group', '0', ...args, '--json'], env);

    it('an unknown electrode lists the ids that exist', async () => {
      const run = await runCli(
        ['v1', 'sort-group', 'set', 'oracle_raw.nwb', '0', '--electrodes', '0,99', '--reference', '-2', '--json'],
        env,
      );
      expect(run.exitCode).toBe(2);
      expect(run.json).toEqual({
        error: expect.objectContaining({
          code: 'SORT_GROUP_ELECTRODE_UNKNOWN',
          message: 'electrode 99 does not exist in oracle_raw.nwb; its electrode ids are 0-7 (fix --electrodes)',
        }),
      });
    });

    it('an interval shorter than the minimum segment says how long it is and how to lower the minimum', async () => {
      const run = await create('--interval', 'blip');
      expect(run.exitCode).toBe(2);
      const message = (run.json as { error: { code: string; message: string } }).error.message;
      expect((run.json as { error: { code: string } }).error.code).toBe('INTERVAL_OUTSIDE_DATA');
      expect(message).toContain(
        'its longest piece inside the data is 0.5 s, not longer than the minimum segment length 1 s of parameters "default"',
      );
      expect(message).toContain(
        '`recompute v1 params add default_short --frequency-min 300 --frequency-max 6000 --min-segment-length 0.49`',
      );
      expect(message).toContain('`--params default_short`');
    });

    it('v0 on a raw file whose electrodes table has channel_name says Spyglass v0 fails too and points to v1', async () => {
      // The oracle file plus a channel_name column, as some acquisition systems write it.
      const named = path.join(roots.base, 'named_raw.nwb');
      await copyFile(rawFixture, named);
      await withH5File(named, 'a', (file) => {
        const table = file.get('general/extracellular_ephys/electrodes') as unknown as {
          attrs: Record<string, { value: unknown }>;
          create_dataset(options: { name: string; data: string[] }): unknown;
          delete_attribute(name: string): unknown;
          create_attribute(name: string, value: string[]): unknown;
        };
        const columns = table.attrs.colnames!.value as string[];
        table.create_dataset({ name: 'channel_name', data: Array.from({ length: 8 }, (_, i) => `ch0${i}`) });
        table.delete_attribute('colnames');
        table.create_attribute('colnames', [...columns, 'channel_name']);
      });
      await ingestRawNwb(db.orm.em.fork(), { rawPath: named, roots });
      await setSortGroup(db.orm.em.fork(), 'v0', {
        nwbFileName: 'named_raw.nwb',
        sortGroupId: 0,
        electrodeIds: [0, 1, 2, 3],
        referenceId: 4,
      });
      await addSortInterval(db.orm.em.fork(), { nwbFileName: 'named_raw.nwb', name: 'two_s', start: T0 + 0.5, end: T0 + 2.5 });
      const run = await runCli(
        ['v0', 'recording', 'create', '--nwb-file', 'named_raw.nwb', '--sort-group', '0', '--sort-interval', 'two_s', '--json'],
        env,
      );
      expect(run.exitCode).toBe(2);
      expect(run.json).toEqual({
        error: expect.objectContaining({
          code: 'CHANNEL_SLICE_INVALID',
          message: expect.stringMatching(
            /channel_name column.*\[ch00, ch01, ch02, ch03, ch04, ch05, …\].*\[0, 1, 2, 3, 4\].*Spyglass v0 fails the same way.*recompute v1 recording create/,
          ),
        }),
      });
    });

    it('a band above Nyquist names --frequency-max', async () => {
      expect(
        (await runCli(['v1', 'params', 'add', 'too_high', '--frequency-min', '300', '--frequency-max', '20000', '--json'], env)).exitCode,
      ).toBe(0);
      const run = await create('--interval', 'two_s', '--params', 'too_high');
      expect(run.exitCode).toBe(2);
      expect(run.json).toEqual({
        error: expect.objectContaining({
          code: 'FILTER_FREQ_ABOVE_NYQUIST',
          message: expect.stringMatching(/^--frequency-max 20000 Hz is not below the Nyquist frequency .*params add NAME/),
        }),
      });
    });
  });
