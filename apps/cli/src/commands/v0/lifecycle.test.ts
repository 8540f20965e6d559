import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { writeSyntheticRawNwb } from '@spyglass-recompute/common';
import {
  RecordingRecomputeV0,
  SpikeSortingPreprocessingParametersV0,
  createTestDatabase,
  type TestBackend,
  type TestDatabase,
  testBackends,
} from '@spyglass-recompute/schema';
import { runCliInProcess } from '../../test-support/runCliInProcess';

// The whole life cycle through the CLI on the first backend (SQLite); on the others (MariaDB) its
// first half, up to `v0 run --workers 2` (two worker processes sharing the recordings through the
// jobs table, which only a server has), and the bad-input refusals. The second half (status, diff,
// delete-files, fetch, a tampered source) runs on every backend in process in
// packages/v0/src/recompute/v0Lifecycle.test.ts, the same engine calls the commands make. The commands run in process,
// through the bin's oclif entry (runCliInProcess: milliseconds a command instead of 1-2 s of Node
// start-up); the workers of `run --workers 2` are real child processes of the built bin, and the
// spawned bin's life cycle is the demo test (demo.test.ts) and the killed deletions
// (crashResume.test.ts). Every typed error on every backend is also covered in process by
// packages/v0/src/recompute/v0Lifecycle.test.ts and v0BadInput.test.ts (and core's
// engineLifecycleSuite). The mysql driver is covered by the library tests.
const backends = testBackends().filter((b): b is TestBackend => b === 'sqlite' || b === 'mariadb');

/** What `v0 recording create --json` prints. */
interface CreatedJson {
  key: Record<string, unknown>;
  recording_path: string;
  hash: string;
  hash_algorithm: string;
  created: boolean;
  logged_at_creation: boolean;
}

/** Every path under `dir` (recursively, relative to it) whose name contains `fragment`. */
async function entriesNaming(dir: string, fragment: string): Promise<string[]> {
  if (!existsSync(dir)) return [];
  const entries = await readdir(dir, { recursive: true });
  return entries.filter((entry) => path.basename(entry).includes(fragment));
}

/** A database, data roots and a synthetic raw file for one backend, made before and removed after the tests. */
interface V0CliWorld {
  backend: TestBackend;
  db: TestDatabase;
  baseDir: string;
  rawFile: string;
  env: NodeJS.ProcessEnv;
}

const nwb = 'synth_v0.nwb';
// Folder names `{nwb_file_name}_{sort_interval_name}_{sort_group_id}_{preproc_params_name}`: the v0 KEY.
const folderA = `${nwb}_gap_0_narrow`;
const folderB = `${nwb}_gap_1_default`;
const keyA = { nwb_file_name: nwb, sort_group_id: 0, sort_interval_name: 'gap', preproc_params_name: 'narrow', team_name: 'default' };
const keyB = { nwb_file_name: nwb, sort_group_id: 1, sort_interval_name: 'gap', preproc_params_name: 'default', team_name: 'default' };

/** Registers beforeAll/afterAll hooks that make (and remove) a {@link V0CliWorld}; read it inside tests. */
function useV0CliWorld(backend: TestBackend): V0CliWorld {
  const w = { backend } as V0CliWorld;
  beforeAll(async () => {
    w.db = await createTestDatabase(backend, { migrate: false });
    w.baseDir = await mkdtemp(path.join(os.tmpdir(), 'cli-v0-'));
    // Outside the data roots: `ingest` copies it into the raw root. 1 s of 2 tetrodes with a
    // 0.5 s timestamp gap in the middle, so a sort interval across it gives a two-segment folder.
    w.rawFile = path.join(w.baseDir, 'incoming', nwb);
    await mkdir(path.dirname(w.rawFile), { recursive: true });
    await writeSyntheticRawNwb({ filePath: w.rawFile, durationSeconds: 1, tetrodes: 2, gapSeconds: 0.5, seed: 3 });
    w.env = { RECOMPUTE_DB_URL: w.db.url, SPYGLASS_BASE_DIR: w.baseDir };
  });
  afterAll(async () => {
    await w.db?.drop();
    if (w.baseDir) await rm(w.baseDir, { recursive: true, force: true });
  });
  return w;
}

/**
 * The first half of the life cycle, through the CLI on a fresh database: migrate, ingest, two sort
 * groups, a sort interval across the gap, own params for A; create A and B; change B's params;
 * versions → attempt → run (two worker processes on a server). A matches and leaves no copy; B
 * mismatches and keeps its copy.
 */
async function createTwoRecordingsAndRun(w: V0CliWorld): Promise<{ a: CreatedJson; b: CreatedJson }> {
  const cli = async (...args: string[]) => runCliInProcess([...args, '--json'], w.env);
  const recordingRoot = path.join(w.baseDir, 'recording');
  const tempRoot = path.join(w.baseDir, 'tmp');
  expect((await cli('db', 'migrate')).exitCode).toBe(0);

  const ingested = await cli('ingest', w.rawFile);
  expect(ingested.exitCode).toBe(0);
  expect(ingested.json).toMatchObject({
    nwbFileName: nwb,
    nwbFileAbsPath: path.join(w.baseDir, 'raw', nwb),
    numChannels: 8,
    electrodeGroups: ['0', '1'],
  });
  const validTimes = (ingested.json as { validTimes: Array<[number, number]> }).validTimes;
  expect(validTimes).toHaveLength(2);

  // Recording A: tetrode 0 referenced to an electrode of tetrode 1, a narrower band (own params).
  // Recording B: tetrode 1 with the global median reference and the default params.
  const groupA = await cli('v0', 'sort-group', 'set', nwb, '0', '--electrodes', '0,1,2,3', '--reference', '4');
  expect(groupA.exitCode).toBe(0);
  expect(groupA.json).toMatchObject({ pipeline: 'v0', sortGroup: { sortGroupId: 0, referenceId: 4 } });
  expect((await cli('v0', 'sort-group', 'set', nwb, '1', '--electrodes', '4,5,6,7', '--reference', '-2')).exitCode).toBe(0);
  const start = validTimes[0]![0] + 0.1;
  const end = validTimes[1]![1] - 0.1;
  const interval = await cli('v0', 'sort-interval', 'add', nwb, 'gap', '--start', String(start), '--end', String(end));
  expect(interval.exitCode).toBe(0);
  expect(interval.json).toMatchObject({ name: 'gap', sortInterval: [start, end], inserted: true });
  const params = await cli('v0', 'params', 'add', 'narrow', '--frequency-min', '400', '--frequency-max', '5000');
  expect(params.exitCode).toBe(0);
  expect(params.json).toMatchObject({
    pipeline: 'v0',
    name: 'narrow',
    params: { frequency_min: 400, frequency_max: 5000 },
    inserted: true,
  });

  const createdA = await cli(
    'v0',
    'recording',
    'create',
    '--nwb-file',
    nwb,
    '--sort-group',
    '0',
    '--sort-interval',
    'gap',
    '--params',
    'narrow',
  );
  expect(createdA.exitCode).toBe(0);
  const a = createdA.json as CreatedJson;
  // The CLI under test runs from the workspace, whose generator packages are linked (editable):
  // Flow 1 then must not count the creation as verified, so `run` below really regenerates.
  expect(a).toMatchObject({
    key: keyA,
    recording_path: path.join(recordingRoot, folderA),
    hash_algorithm: 'spyglass-dir',
    created: true,
    logged_at_creation: false,
  });
  expect(a.hash).toMatch(/^[0-9a-f]{32}$/);
  // The sort interval spans the timestamp gap: one traces/times pair per segment.
  expect((await readdir(a.recording_path)).filter((f) => /^(traces|times)_cached/.test(f)).sort()).toEqual([
    'times_cached_seg0.npy',
    'times_cached_seg1.npy',
    'traces_cached_seg0.raw',
    'traces_cached_seg1.raw',
  ]);
  const originalHash = await cli('hash', 'dir', a.recording_path);
  expect(originalHash.json).toMatchObject({ algorithm: 'spyglass-dir', hash: a.hash });

  const createdB = await cli('v0', 'recording', 'create', '--nwb-file', nwb, '--sort-group', '1', '--sort-interval', 'gap');
  expect(createdB.exitCode).toBe(0);
  const b = createdB.json as CreatedJson;
  expect(b).toMatchObject({ key: keyB, recording_path: path.join(recordingRoot, folderB), created: true });
  expect(b.hash).not.toBe(a.hash);
  // B's source changes after creation, so its recompute must come out mismatched (and never deletable).
  await w.db.orm.em.fork().nativeUpdate(
    SpikeSortingPreprocessingParametersV0,
    { preproc_params_name: 'default' },
    {
      preproc_params: { frequency_min: 300, frequency_max: 5500, margin_ms: 5, seed: 0 },
    },
  );

  const versions = await cli('v0', 'versions', 'populate');
  expect(versions.exitCode).toBe(0);
  expect(versions.json).toMatchObject({ failed: [] });
  const { inserted, alreadyPresent } = versions.json as { inserted: unknown[]; alreadyPresent: number };
  expect(inserted.length + alreadyPresent).toBe(2);
  const attempt = await cli('v0', 'attempt');
  expect(attempt.exitCode).toBe(0);
  expect(attempt.json).toMatchObject({ skippedMatched: [], skippedNoVersions: [], skippedEnvironment: [], notChosen: 0 });
  // On a server, the work is shared by two worker processes through the v0 jobs table.
  const run = w.backend === 'sqlite' ? await cli('v0', 'run') : await cli('v0', 'run', '--workers', '2');
  expect(run.exitCode).toBe(0);
  // Both recordings are really regenerated (none was logged as verified at creation, see above).
  expect((run.json as { counts: Record<string, number> }).counts).toMatchObject({
    matched: 1,
    logged: 0,
    mismatched: 1,
    error: 0,
    xfail: 0,
  });
  // A match leaves no regenerated copy behind; a mismatch keeps it for inspection.
  expect(await entriesNaming(tempRoot, folderA)).toEqual([]);
  expect((await entriesNaming(tempRoot, folderB)).length).toBeGreaterThan(0);
  return { a, b };
}

// (Loops, not describe.each: jest rejects an empty table, e.g. when RECOMPUTE_TEST_BACKENDS=sqlite.)
for (const backend of backends)
  describe(`recompute v0 life cycle through the CLI on ${backend}`, () => {
    const w = useV0CliWorld(backend);
    const cli = async (...args: string[]) => runCliInProcess([...args, '--json'], w.env);

    if (backend !== backends[0]) {
      it('creates two recordings and verifies them with `v0 run --workers 2` (two worker processes, the jobs table)', async () => {
        await createTwoRecordingsAndRun(w);
        const status = await cli('v0', 'status', '--nwb-file', nwb);
        expect(status.exitCode).toBe(0);
        expect(status.json).toMatchObject({ pending: 0, matched: 1, mismatched: 1, error: 0, xfail: 0, deleted: 0, total: 2 });
        // No reservation is left behind by the workers.
        expect((status.json as { jobs: { reserved: number; error: number } }).jobs).toMatchObject({ reserved: 0, error: 0 });
      });
    } else
      it('creates, verifies, deletes, regenerates on demand, and refuses a tampered source', async () => {
        const { baseDir, db } = w;
        const recordingRoot = path.join(baseDir, 'recording');
        const tempRoot = path.join(baseDir, 'tmp');
        const { a, b } = await createTwoRecordingsAndRun(w);

        const status = await cli('v0', 'status', '--nwb-file', nwb);
        expect(status.exitCode).toBe(0);
        expect(status.json).toMatchObject({ pending: 0, matched: 1, mismatched: 1, error: 0, xfail: 0, deleted: 0, total: 2 });
        const { bytesReclaimable, bytesTemporary } = status.json as { bytesReclaimable: number; bytesTemporary: number };
        expect(bytesReclaimable).toBeGreaterThan(0);
        expect(bytesTemporary).toBeGreaterThan(0);
        expect((await cli('v0', 'status', '--sort-group', '1')).json).toMatchObject({ matched: 0, mismatched: 1, total: 1 });

        const diffA = await cli('v0', 'diff', folderA);
        expect(diffA.exitCode).toBe(0);
        expect(diffA.json).toEqual([
          expect.objectContaining({
            row: expect.objectContaining({ recording: keyA, matched: true, deleted: false }),
            names: [],
            hashes: [],
          }),
        ]);
        const diffB = await cli('v0', 'diff', folderB);
        expect(diffB.exitCode).toBe(0);
        const [mismatch] = diffB.json as Array<{
          row: { matched: boolean };
          names: unknown[];
          hashes: Array<{ name: string; maxAbsDiff: number | null }>;
        }>;
        expect(mismatch!.row.matched).toBe(false);
        expect(mismatch!.names).toEqual([]);
        expect(mismatch!.hashes.map((h) => h.name)).toEqual(expect.arrayContaining(['traces_cached_seg0.raw', 'traces_cached_seg1.raw']));
        expect(mismatch!.hashes.find((h) => h.name === 'traces_cached_seg0.raw')!.maxAbsDiff).toBeGreaterThan(0);

        // Only the verified recording qualifies; the dry run touches nothing.
        const dry = await cli('v0', 'delete-files', '--older-than', '0d');
        expect(dry.exitCode).toBe(0);
        expect(dry.json).toMatchObject({ dryRun: true, entries: [expect.objectContaining({ recording: keyA, path: a.recording_path })] });
        expect((dry.json as { entries: unknown[] }).entries).toHaveLength(1);
        expect((dry.json as { bytes: number }).bytes).toBe(bytesReclaimable);
        expect(existsSync(a.recording_path)).toBe(true);
        expect((await cli('hash', 'dir', a.recording_path)).json).toMatchObject({ hash: a.hash });
        expect((await db.orm.em.fork().find(RecordingRecomputeV0, keyA)).map((row) => row.deleted)).toEqual([false]);

        const real = await cli('v0', 'delete-files', '--older-than', '0d', '--yes');
        expect(real.exitCode).toBe(0);
        expect(real.json).toMatchObject({
          dryRun: false,
          bytes: bytesReclaimable,
          entries: [expect.objectContaining({ path: a.recording_path })],
        });
        expect(existsSync(a.recording_path)).toBe(false);
        expect(existsSync(b.recording_path)).toBe(true);
        expect((await db.orm.em.fork().find(RecordingRecomputeV0, keyA)).map((row) => [row.matched, row.deleted])).toEqual([[true, true]]);
        expect((await cli('v0', 'status')).json).toMatchObject({ matched: 0, mismatched: 1, deleted: 1, bytesReclaimable: 0 });

        const fetched = await cli('v0', 'fetch', folderA);
        expect(fetched.exitCode).toBe(0);
        expect(fetched.json).toEqual({ path: a.recording_path, regenerated: true, hash: a.hash });
        expect(existsSync(a.recording_path)).toBe(true);
        expect((await cli('hash', 'dir', a.recording_path)).json).toMatchObject({ algorithm: 'spyglass-dir', hash: a.hash });
        expect((await cli('v0', 'fetch', folderA)).json).toMatchObject({ regenerated: false, hash: a.hash });
        expect((await cli('v0', 'status')).json).toMatchObject({ matched: 1, mismatched: 1, deleted: 0 });
        expect((await db.orm.em.fork().find(RecordingRecomputeV0, keyA)).map((row) => row.deleted)).toEqual([false]);

        // Tamper with the source: the params row folder A was made with.
        await db.orm.em.fork().nativeUpdate(
          SpikeSortingPreprocessingParametersV0,
          { preproc_params_name: 'narrow' },
          {
            preproc_params: { frequency_min: 400, frequency_max: 5500, margin_ms: 5, seed: 0 },
          },
        );
        await rm(a.recording_path, { recursive: true });
        const refused = await cli('v0', 'fetch', folderA);
        expect(refused.exitCode).toBe(4);
        expect(refused.json).toEqual({
          error: expect.objectContaining({
            code: 'REGENERATED_HASH_MISMATCH',
            message: expect.stringContaining(a.hash),
            details: expect.objectContaining({ expected: a.hash, path: a.recording_path }),
          }),
        });
        expect((refused.json as { error: { details: { actual: string } } }).error.details.actual).not.toBe(a.hash);
        // Nothing left behind: not at the official path, not as a temp/partial copy anywhere in the data roots.
        expect(existsSync(a.recording_path)).toBe(false);
        expect(await entriesNaming(recordingRoot, folderA)).toEqual([]);
        expect(await entriesNaming(tempRoot, folderA)).toEqual([]);
        expect(existsSync(b.recording_path)).toBe(true);
      });

    // Uses the file, sort interval and recordings registered by the life-cycle test above.
    it('rejects bad input with exit 2 and a typed error naming the flag or key, changing nothing', async () => {
      const { baseDir, env } = w;
      const recordingRoot = path.join(baseDir, 'recording');
      const before = (await readdir(recordingRoot)).sort();

      const unknownKey = `${nwb}_gap_9_narrow`;
      const notFound = await cli('v0', 'fetch', unknownKey);
      expect(notFound.exitCode).toBe(2);
      expect(notFound.json).toEqual({
        error: expect.objectContaining({ code: 'RECORDING_NOT_FOUND', message: expect.stringContaining(unknownKey) }),
      });

      const slashed = await cli('v0', 'diff', 'a/b');
      expect(slashed.exitCode).toBe(2);
      expect(slashed.json).toEqual({
        error: expect.objectContaining({ code: 'V0_KEY_INVALID', message: expect.stringContaining('"a/b"') }),
      });

      const noInterval = await cli('v0', 'recording', 'create', '--nwb-file', nwb, '--sort-group', '0', '--sort-interval', 'nope');
      expect(noInterval.exitCode).toBe(2);
      expect(noInterval.json).toEqual({
        error: expect.objectContaining({ code: 'SORT_INTERVAL_UNKNOWN', message: expect.stringContaining('"nope"') }),
      });

      const noMatch = await cli('v0', 'status', '--sort-group', '7');
      expect(noMatch.exitCode).toBe(2);
      expect(noMatch.json).toEqual({
        error: expect.objectContaining({ code: 'RESTRICTION_MATCHES_NOTHING', message: expect.stringContaining('--sort-group 7') }),
      });

      const badDuration = await cli('v0', 'delete-files', '--older-than', 'soon', '--yes');
      expect(badDuration.exitCode).toBe(2);
      expect(badDuration.json).toEqual({
        error: expect.objectContaining({ code: 'FLAG_INVALID', message: expect.stringContaining('--older-than') }),
      });

      const missing = path.join(baseDir, 'not-mounted');
      const noRoot = await runCliInProcess(['v0', 'delete-files', '--older-than', '0d', '--yes', '--json'], {
        ...env,
        SPYGLASS_RECORDING_DIR: missing,
      });
      expect(noRoot.exitCode).toBe(2);
      expect(noRoot.json).toEqual({
        error: expect.objectContaining({ code: 'DATA_ROOT_UNAVAILABLE', message: expect.stringContaining(missing) }),
      });
      expect(noRoot.json).toEqual({ error: expect.objectContaining({ message: expect.stringContaining('SPYGLASS_RECORDING_DIR') }) });
      expect(existsSync(missing)).toBe(false);

      if (backend === 'sqlite') {
        const workers = await cli('v0', 'run', '--workers', '2');
        expect(workers.exitCode).toBe(2);
        expect(workers.json).toEqual({
          error: expect.objectContaining({ code: 'WORKERS_NEED_SERVER', message: expect.stringContaining('--workers') }),
        });
      }

      expect((await readdir(recordingRoot)).sort()).toEqual(before);
    });
  });
