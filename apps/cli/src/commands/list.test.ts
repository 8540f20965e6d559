import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { addInterval, addSortInterval, ingestRawNwb, setSortGroup } from '@spyglass-recompute/common';
import { dataRootList, dataRootsUnder, type DataRoots } from '@spyglass-recompute/nwb';
import type { RecordingDescription, RecordingKey, RecordingListPage } from '@spyglass-recompute/engine';
import { createTestDatabase, type TestBackend, type TestDatabase, testBackends } from '@spyglass-recompute/schema';
import { createV0Recording } from '@spyglass-recompute/v0';
import { createV1Recording } from '@spyglass-recompute/v1';
import { registerCurrentEnvironment } from '../context/currentEnvironment';
import { runCliInTerminal } from '../test-support/runCli';
import { runCliInProcess } from '../test-support/runCliInProcess';

const rawFixture = path.resolve(__dirname, '../../../../../shared/fixtures/spikesorting/short/raw/oracle_raw.nwb');
const backends = testBackends().filter((b): b is TestBackend => b === 'sqlite' || b === 'mariadb');
// The commands run in process (runCliInProcess, milliseconds each), so every check runs on every
// backend; only the terminal test spawns the CLI (on a pseudo-terminal), on the first backend.
const terminalBackends = new Set(backends.slice(0, 1));

/** Two v1 recordings and one v0 folder of the oracle file, made in process (fast), then browsed through the CLI. */
interface ListWorld {
  db: TestDatabase;
  roots: DataRoots;
  env: NodeJS.ProcessEnv;
  v1Ids: string[];
  v1Hashes: string[];
  v0Folder: string;
  /** The current environment (the CLI's too: same installation). */
  envId: string;
}

function useListWorld(backend: TestBackend): ListWorld {
  const w = {} as ListWorld;
  beforeAll(async () => {
    w.db = await createTestDatabase(backend);
    w.roots = dataRootsUnder(await mkdtemp(path.join(os.tmpdir(), 'cli-list-')));
    for (const root of dataRootList(w.roots)) await mkdir(root, { recursive: true });
    w.env = { RECOMPUTE_DB_URL: w.db.url, SPYGLASS_BASE_DIR: w.roots.base };
    const em = w.db.orm.em.fork();
    const environment = await registerCurrentEnvironment(em);
    w.envId = environment.envId;
    const context = { roots: w.roots, environment: { envId: environment.envId, snapshot: environment.snapshot } };
    const ingested = await ingestRawNwb(em.fork(), { rawPath: rawFixture, roots: w.roots });
    if (ingested.alreadyIngested) throw new Error('fresh database expected');
    const window = { nwbFileName: ingested.nwbFileName, name: 'two_s', start: 1687429800.5, end: 1687429802.5 };
    await addInterval(em.fork(), window);
    await addSortInterval(em.fork(), window);
    // v0 rejects the ingest default reference (-1, none).
    await setSortGroup(em.fork(), 'v0', { nwbFileName: ingested.nwbFileName, sortGroupId: 0, electrodeIds: [0, 1, 2, 3], referenceId: 4 });
    const v1 = [];
    for (const sortGroupId of [0, 1])
      v1.push(await createV1Recording(em.fork(), context, { nwbFileName: ingested.nwbFileName, sortGroupId, intervalListName: 'two_s' }));
    w.v1Ids = v1.map((r) => r.recording_id);
    w.v1Hashes = v1.map((r) => r.hash);
    const v0 = await createV0Recording(em.fork(), context, {
      nwbFileName: ingested.nwbFileName,
      sortGroupId: 0,
      sortIntervalName: 'two_s',
    });
    w.v0Folder = path.basename(v0.recording_path);
  }, 180_000);
  afterAll(async () => {
    await w.db?.drop();
    if (w.roots) await rm(w.roots.base, { recursive: true, force: true });
  });
  return w;
}

// (Loops, not describe.each: jest rejects an empty table, e.g. when RECOMPUTE_TEST_BACKENDS=sqlite.)
for (const backend of backends)
  describe(`recompute list / show on ${backend}`, () => {
    const w = useListWorld(backend);
    const cli = (...args: string[]) => runCliInProcess(args, w.env);

    it('v1 list: one row per recording with its key, inputs, hash, state and size; --state and paging narrow it', async () => {
      // Prove one of the two: run it (the other stays pending from its creation-time selection).
      expect((await cli('v1', 'run', '--recording-id', w.v1Ids[0]!, '--json')).exitCode).toBe(0);

      const table = await cli('v1', 'list');
      expect(table.exitCode).toBe(0);
      const lines = table.stdout.trim().split('\n');
      expect(lines[0]).toMatch(/^KEY\s+NWB FILE\s+SORT GROUP\s+INTERVAL\s+PARAMS\s+HASH\s+STATE\s+SIZE$/);
      const row0 = lines.find((line) => line.startsWith(w.v1Ids[0]!));
      expect(row0).toMatch(new RegExp(`oracle_raw\\.nwb\\s+0\\s+two_s\\s+default\\s+${w.v1Hashes[0]}\\s+matched\\s+[\\d.]+ [KM]iB$`));
      expect(lines[lines.length - 1]).toBe('v1 recordings 1–2 of 2');

      const all = (await cli('v1', 'list', '--json')).json as RecordingListPage<RecordingKey>;
      expect(all.total).toBe(2);
      expect(Object.fromEntries(all.recordings.map((r) => [r.keyText, r.state]))).toEqual({
        [w.v1Ids[0]!]: 'matched',
        [w.v1Ids[1]!]: 'pending',
      });
      for (const r of all.recordings) expect(r.bytes).toBeGreaterThan(0);

      const matched = (await cli('v1', 'list', '--state', 'matched', '--json')).json as RecordingListPage<RecordingKey>;
      expect(matched.recordings.map((r) => r.keyText)).toEqual([w.v1Ids[0]]);
      const secondPage = await cli('v1', 'list', '--limit', '1', '--offset', '1', '--json');
      expect(secondPage.json).toMatchObject({ total: 2, offset: 1, limit: 1, recordings: [expect.anything()] });
      const firstPage = await cli('v1', 'list', '--limit', '1');
      expect(firstPage.stdout.trim().split('\n').pop()).toBe('v1 recordings 1–1 of 2; next page: --offset 1');
    });

    it('v1 list takes the attempt filters: --env-id, --matched/--mismatched, --rounding', async () => {
      // After the previous test: v1Ids[0] matched, v1Ids[1] pending, both at rounding 4 in this environment.
      const keys = async (...filters: string[]) =>
        ((await cli('v1', 'list', ...filters, '--json')).json as RecordingListPage<RecordingKey>).recordings.map((r) => r.keyText).sort();
      expect(await keys('--env-id', w.envId, '--matched')).toEqual([w.v1Ids[0]]);
      expect(await keys('--mismatched')).toEqual([]);
      expect(await keys('--env-id', w.envId, '--rounding', '4')).toEqual([...w.v1Ids].sort());
      expect(await keys('--rounding', '3')).toEqual([]);
    });

    it('v1 show: inputs, file, hash, versions and the attempt with its environment and result', async () => {
      const human = await cli('v1', 'show', w.v1Ids[0]!);
      expect(human.exitCode).toBe(0);
      expect(human.stdout).toContain(`v1 recording ${w.v1Ids[0]}: matched`);
      expect(human.stdout).toContain(`hash: ${w.v1Hashes[0]}`);
      expect(human.stdout).toMatch(/attempt in environment \S+ rounding 4: matched at /);
      const described = (await cli('v1', 'show', w.v1Ids[0]!, '--json')).json as RecordingDescription<RecordingKey>;
      expect(described).toMatchObject({
        key: { recording_id: w.v1Ids[0] },
        exists: true,
        hash: w.v1Hashes[0],
        state: 'matched',
        attributes: { nwb_file_name: 'oracle_raw.nwb', sort_group_id: 0, interval_list_name: 'two_s', preproc_param_name: 'default' },
        attempts: [expect.objectContaining({ params: { rounding: 4 }, state: 'matched', names: [], hashes: [] })],
      });
      expect(described.path.startsWith(w.roots.analysis)).toBe(true);
      expect(described.versions).toEqual(expect.objectContaining({ core: expect.any(String) }));
    });

    it('v0 list / show use the folder name as KEY', async () => {
      const page = (await cli('v0', 'list', '--json')).json as RecordingListPage<RecordingKey>;
      expect(page.recordings).toEqual([
        expect.objectContaining({ keyText: w.v0Folder, state: 'pending', path: path.join(w.roots.recording, w.v0Folder) }),
      ]);
      const shown = await cli('v0', 'show', w.v0Folder);
      expect(shown.exitCode).toBe(0);
      expect(shown.stdout).toContain(`v0 recording ${w.v0Folder}: pending`);
      expect(shown.stdout).toContain('sort_interval_name: two_s');
    });

    it('an unknown key or a filter matching nothing is exit 2 and points to `list`', async () => {
      const unknownV0 = await cli('v0', 'show', 'nope_two_s_0_default', '--json');
      expect(unknownV0.exitCode).toBe(2);
      expect(unknownV0.json).toEqual({
        error: expect.objectContaining({ code: 'RECORDING_NOT_FOUND', message: expect.stringContaining('recompute v0 list') }),
      });
      const unknownV1 = await cli('v1', 'fetch', '01234567-89ab-4cde-8f01-23456789abcd', '--json');
      expect(unknownV1.json).toEqual({
        error: expect.objectContaining({ code: 'RECORDING_NOT_FOUND', message: expect.stringContaining('recompute v1 list') }),
      });
      const nothing = await cli('v1', 'list', '--nwb-file', 'other.nwb', '--json');
      expect(nothing.exitCode).toBe(2);
      expect(nothing.json).toEqual({
        error: expect.objectContaining({ message: expect.stringMatching(/--nwb-file other\.nwb.*recompute v1 list/) }),
      });
    });

    it('diff of a matched recording prints a sentence, not a raw row', async () => {
      const diff = await cli('v1', 'diff', w.v1Ids[0]!);
      expect(diff.exitCode).toBe(0);
      expect(diff.stdout.trim()).toMatch(
        /^The attempt in environment \S+_\d\d \(rounding 4\) regenerated it identically on \d{4}-\d\d-\d\dT[\d:.]+Z: nothing differs\.$/,
      );
    });

    it('sort groups, intervals, sort intervals, params and environments are listed too', async () => {
      const groups = await cli('v1', 'sort-group', 'list', '--nwb-file', 'oracle_raw.nwb', '--json');
      expect(groups.json).toMatchObject({
        total: expect.any(Number),
        rows: expect.arrayContaining([expect.objectContaining({ nwbFileName: 'oracle_raw.nwb', sortGroupId: 0 })]),
      });
      const intervals = (await cli('interval', 'list', '--json')).json as { rows: Array<{ name: string; validTimes: number[][] }> };
      expect(intervals.rows.find((r) => r.name === 'two_s')).toMatchObject({
        validTimes: [[1687429800.5, 1687429802.5]],
        durationSeconds: 2,
      });
      expect(intervals.rows.map((r) => r.name)).toContain('raw data valid times');
      const sortIntervals = await cli('v0', 'sort-interval', 'list');
      expect(sortIntervals.stdout).toMatch(/oracle_raw\.nwb\s+two_s\s+1\s+1687429800\.5\s+1687429802\.5\s+2/);
      const params = await cli('v1', 'params', 'list');
      expect(params.stdout).toMatch(/^default\s+frequency_min=300 frequency_max=6000/m);
      const envs = (await cli('env', 'list', '--json')).json as { rows: Array<{ envId: string; current: boolean }> };
      expect(envs.rows).toEqual([expect.objectContaining({ envId: expect.stringMatching(/_default_\d\d$/), current: true })]);
    });

    // Registered only on the first backend (not skipped elsewhere: there is nothing to skip).
    const itOnFirstBackend = (name: string, fn: () => Promise<void>) => {
      if (terminalBackends.has(backend)) it(name, fn);
    };

    // Last on purpose: it deletes both v1 files.
    itOnFirstBackend(
      'delete-files on a terminal shows files done / total, bytes freed, rate and ETA on stderr; --json stays clean',
      async () => {
        expect((await cli('v1', 'run', '--recording-id', w.v1Ids[1]!, '--json')).exitCode).toBe(0);
        const quiet = await runCliInTerminal(
          ['v1', 'delete-files', '--recording-id', w.v1Ids[1]!, '--older-than', '0d', '--yes', '--json'],
          w.env,
        );
        expect(quiet.exitCode).toBe(0);
        // Stdout and stderr share the terminal here: the whole output must still be the one JSON document.
        expect(JSON.parse(quiet.output)).toMatchObject({
          dryRun: false,
          entries: [expect.objectContaining({ recording: { recording_id: w.v1Ids[1] } })],
        });

        const shown = await runCliInTerminal(['v1', 'delete-files', '--recording-id', w.v1Ids[0]!, '--older-than', '0d', '--yes'], w.env);
        expect(shown.exitCode).toBe(0);
        expect(shown.output).toMatch(/^v1 delete-files: 1\/1 files( · [\d.]+\/s · done in \d+ s)? \([\d.]+ [KM]iB freed\)$/m);
        expect(shown.output).toMatch(/^1 recording\(s\); freed [\d.]+ [KM]iB; 0 kept by the grace period$/m);
      },
    );
  });
