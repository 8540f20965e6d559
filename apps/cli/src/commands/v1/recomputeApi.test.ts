import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { addInterval, ingestRawNwb, setSortGroup } from '@spyglass-recompute/common';
import { dataRootsUnder, hashNwbFile, type DataRoots } from '@spyglass-recompute/nwb';
import { MikroOrmEnvironmentStore, registerEnvironment, type EngineEnvironment } from '@spyglass-recompute/engine';
import {
  Electrode,
  RecordingRecomputeSelectionV1,
  RecordingRecomputeV1,
  RecordingRecomputeVersionsV1,
  SpikeSortingPreprocessingParametersV1,
  SpikeSortingRecordingV1,
  createTestDatabase,
  testBackends,
  type TestBackend,
  type TestDatabase,
} from '@spyglass-recompute/schema';
import { createV1Recording, type CreateV1RecordingResult } from '@spyglass-recompute/v1';
import type { CliRun } from '../../test-support/runCli';
import { runCliInProcess } from '../../test-support/runCliInProcess';

/*
 * Issue 18 through the CLI: every new verb and flag once, on one shared world, as a table of
 * steps run in order. Each step checks the exit code and JSON,
 * and the database rows and files before and after. The world (ingest, two v1 recordings) is made
 * in process, and the commands run in process too, through the bin's oclif entry
 * (runCliInProcess: ~20 ms a command instead of 1-2 s of Node start-up and module loading per
 * spawn; 100 s -> ~30 s for the file). Nothing here needs a real process: the spawned bin is
 * covered by contract.test.ts (same results both ways), crashResume and the life cycles.
 * One backend (the first of sqlite/mariadb under test): what the steps check is what the flags
 * make of the engine's verbs; the verbs themselves run on the real tables of every backend in
 * packages/engine's recomputeApi.test.ts (and env capture --id in environmentTools.test.ts, the
 * legacy hash in packages/v1's v1LegacyHash.test.ts), and the CLI's own database work on MariaDB
 * in the life cycles, crashResume and list.test.ts.
 */
const fixtures = path.resolve(__dirname, '../../../../../../shared/fixtures/spikesorting/short');
const backends = testBackends()
  .filter((b): b is TestBackend => b === 'sqlite' || b === 'mariadb')
  .slice(0, 1);
const CLI_ENV = 'cli_custom_env';
const TESTER_ENV = 'tester_default_00';

/** What the steps share. */
interface World {
  db: TestDatabase;
  roots: DataRoots;
  env: NodeJS.ProcessEnv;
  nwbFileName: string;
  a: CreateV1RecordingResult;
  b: CreateV1RecordingResult;
  /** Electrode probe ids, to restore after the missing-probe steps. */
  probes: Array<{ electrode_id: number; probe_id: string | null }>;
  defaultParams: Record<string, unknown>;
  /** The recording matched by `run --limit 1` and the one left to mismatch. */
  matched: CreateV1RecordingResult;
  mismatched: CreateV1RecordingResult;
  keptCopy: string;
  keptCopyMtime: number;
  legacyHash: string;
}

/** One CLI invocation of the table and its checks. */
interface Step {
  name: string;
  /** Arguments (`--json` is appended); may read the world. */
  args: (w: World) => string[];
  exit?: number;
  /** Runs in process before the command (e.g. state the command should change). */
  before?: (w: World) => Promise<void>;
  check: (run: CliRun, w: World) => Promise<void> | void;
}

const em = (w: World) => w.db.orm.em.fork();
const selections = async (w: World, where: Record<string, unknown> = {}) =>
  (await em(w).find(RecordingRecomputeSelectionV1, where)).map((s) => ({
    id: s.recording_id,
    env: s.env_id,
    rounding: s.rounding,
    xfail: s.xfail_reason ?? null,
  }));
const results = async (w: World, where: Record<string, unknown> = {}) =>
  (await em(w).find(RecordingRecomputeV1, where)).map((r) => ({
    id: r.recording_id,
    env: r.env_id,
    matched: Boolean(r.matched),
    deleted: Boolean(r.deleted),
    createdAt: r.created_at ?? null,
  }));
const errorCode = (code: string) => ({ error: expect.objectContaining({ code }) });

const steps: Step[] = [
  {
    name: 'env capture --id stores the current environment under exactly that id',
    args: () => ['env', 'capture', '--id', CLI_ENV],
    check: (run) => expect(run.json).toMatchObject({ envId: CLI_ENV, inserted: true }),
  },
  {
    name: 'env capture --id with another id: this environment is already stored (exit 2)',
    args: () => ['env', 'capture', '--id', 'second_name'],
    exit: 2,
    check: (run) => expect(run.json).toEqual(errorCode('ENV_ALREADY_STORED')),
  },
  {
    name: 'env diff current ID compares the running installation with a stored one',
    args: () => ['env', 'diff', 'current', CLI_ENV],
    check: (run) => expect(run.json).toMatchObject({ identical: true, packages: [], runtime: [] }),
  },
  {
    name: 'env diff current OTHER lists the differing packages',
    args: () => ['env', 'diff', 'current', TESTER_ENV],
    check: (run) => expect((run.json as { packages: unknown[] }).packages.length).toBeGreaterThan(0),
  },
  {
    name: 'env export writes package.json + package-lock.json pinning the stored versions',
    args: (w) => ['env', 'export', CLI_ENV, '--out', path.join(w.roots.base, 'env-export')],
    check: (run, w) => {
      const dir = path.join(w.roots.base, 'env-export');
      const pkg = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8'));
      const lock = JSON.parse(readFileSync(path.join(dir, 'package-lock.json'), 'utf8'));
      // h5wasm is one registry package of the generators' tree (core depends on it).
      const h5wasm = pkg.dependencies.h5wasm as string;
      expect(h5wasm).toMatch(/^\d+\.\d+\.\d+$/);
      expect(run.json).toMatchObject({ envId: CLI_ENV, files: [path.join(dir, 'package.json'), path.join(dir, 'package-lock.json')] });
      expect(pkg).toMatchObject({ private: true, dependencies: { h5wasm }, overrides: { h5wasm }, recompute: { envId: CLI_ENV } });
      expect(pkg.dependencies['@spyglass-recompute/v1']).toBeUndefined();
      expect(pkg.recompute.notInstallable['@spyglass-recompute/v1']).toMatch(/not from a registry/);
      expect(lock).toMatchObject({
        lockfileVersion: 3,
        packages: { 'node_modules/h5wasm': { version: h5wasm, resolved: `https://registry.npmjs.org/h5wasm/-/h5wasm-${h5wasm}.tgz` } },
      });
      expect(Object.keys(lock.packages[''].dependencies)).toEqual(Object.keys(pkg.dependencies));
    },
  },
  {
    name: 'attempt makes the missing versions rows itself and records expected failures with a reason code',
    before: async (w) => {
      expect(await em(w).count(RecordingRecomputeVersionsV1, {})).toBe(0);
      await em(w).nativeUpdate(Electrode, { nwb_file_name: w.nwbFileName }, { probe_id: null });
    },
    args: () => ['v1', 'attempt', '--rounding', '6'],
    check: async (run, w) => {
      expect(run.json).toMatchObject({
        versionsInserted: expect.arrayContaining([{ recording_id: w.a.recording_id }, { recording_id: w.b.recording_id }]),
      });
      expect(await em(w).count(RecordingRecomputeVersionsV1, {})).toBe(2);
      expect(await selections(w, { env_id: CLI_ENV })).toEqual(
        expect.arrayContaining(
          [w.a, w.b].map((r) => ({
            id: r.recording_id,
            env: CLI_ENV,
            rounding: 6,
            xfail: `missing_probe_info: no probe rows for session ${w.nwbFileName}`,
          })),
        ),
      );
    },
  },
  {
    name: 'status counts the expected failures by reason code',
    args: () => ['v1', 'status'],
    check: (run) => expect(run.json).toMatchObject({ xfail: 2, xfailReasons: { missing_probe_info: 2 } }),
  },
  {
    name: 'attempt --skip-xfail=UNKNOWN is a typed error naming the known reasons (exit 2), nothing changes',
    args: () => ['v1', 'attempt', '--rounding', '6', '--skip-xfail=no_such_reason'],
    exit: 2,
    check: async (run, w) => {
      expect(run.json).toEqual({
        error: expect.objectContaining({ code: 'XFAIL_REASON_UNKNOWN', message: expect.stringContaining('missing_probe_info') }),
      });
      expect((await selections(w, { env_id: CLI_ENV })).every((s) => s.xfail !== null)).toBe(true);
    },
  },
  {
    name: 'attempt --skip-xfail (every reason) re-selects the held-back rows without a reason',
    args: () => ['v1', 'attempt', '--rounding', '6', '--skip-xfail'],
    check: async (run, w) => {
      expect((run.json as { xfailOverridden: unknown[] }).xfailOverridden).toHaveLength(2);
      expect((await selections(w, { env_id: CLI_ENV })).map((s) => s.xfail)).toEqual([null, null]);
      expect(await results(w)).toEqual([]);
    },
  },
  {
    name: 'run --limit 1 runs one attempt chosen at random',
    before: async (w) => {
      for (const { electrode_id, probe_id } of w.probes)
        await em(w).nativeUpdate(Electrode, { nwb_file_name: w.nwbFileName, electrode_id }, { probe_id });
    },
    args: () => ['v1', 'run', '--limit', '1'],
    check: async (run, w) => {
      const outcomes = (run.json as { outcomes: Array<{ attempt: { recording: { recording_id: string } }; outcome: string }> }).outcomes;
      expect(outcomes).toEqual([expect.objectContaining({ outcome: 'matched' })]);
      const rows = await results(w);
      expect(rows).toEqual([expect.objectContaining({ env: CLI_ENV, matched: true, deleted: false })]);
      [w.matched, w.mismatched] = rows[0]!.id === w.a.recording_id ? [w.a, w.b] : [w.b, w.a];
    },
  },
  {
    name: 'run (with changed parameters) records the other as a mismatch and keeps its regenerated copy',
    before: async (w) => {
      await em(w).nativeUpdate(
        SpikeSortingPreprocessingParametersV1,
        { preproc_param_name: 'default' },
        { preproc_params: { ...w.defaultParams, frequency_min: 310 } },
      );
    },
    args: () => ['v1', 'run'],
    check: async (run, w) => {
      await em(w).nativeUpdate(
        SpikeSortingPreprocessingParametersV1,
        { preproc_param_name: 'default' },
        { preproc_params: w.defaultParams },
      );
      expect(run.json).toMatchObject({ counts: { mismatched: 1 } });
      w.keptCopy = path.join(
        w.roots.temp,
        'spikesorting_v1_recompute',
        CLI_ENV,
        path.basename(path.dirname(w.mismatched.path)),
        path.basename(w.mismatched.path),
      );
      expect(existsSync(w.keptCopy)).toBe(true);
      w.keptCopyMtime = statSync(w.keptCopy).mtimeMs;
    },
  },
  {
    name: 'run --recheck re-hashes the kept copy instead of regenerating it',
    args: () => ['v1', 'run', '--recheck'],
    check: async (run, w) => {
      expect(run.json).toMatchObject({ outcomes: [expect.objectContaining({ outcome: 'mismatched', reusedCopy: true })] });
      expect(statSync(w.keptCopy).mtimeMs).toBe(w.keptCopyMtime);
      expect(await results(w, { recording_id: w.mismatched.recording_id })).toEqual([expect.objectContaining({ matched: false })]);
    },
  },
  {
    name: 'attempt --env-id --mismatched narrows to recordings with such an attempt (here already selected)',
    args: () => ['v1', 'attempt', '--rounding', '6', '--env-id', CLI_ENV, '--mismatched'],
    check: async (run, w) => {
      expect(run.json).toMatchObject({ inserted: [], skippedExisting: [{ recording_id: w.mismatched.recording_id }], skippedMatched: [] });
      expect(await selections(w, { env_id: CLI_ENV })).toHaveLength(2);
    },
  },
  {
    name: 'run --env-id of another environment is refused (exit 2): attempts run in the current one',
    args: () => ['v1', 'run', '--env-id', TESTER_ENV],
    exit: 2,
    check: async (run, w) => {
      expect(run.json).toEqual(errorCode('ENV_NOT_CURRENT'));
      expect(await results(w)).toHaveLength(2);
    },
  },
  {
    name: 'run --regenerate needs --recheck (exit 2)',
    args: () => ['v1', 'run', '--regenerate'],
    exit: 2,
    check: (run) => expect(run.json).toEqual(errorCode('FLAG_INVALID')),
  },
  {
    name: 'status --env-id --matched --rounding counts only those attempts',
    args: () => ['v1', 'status', '--env-id', CLI_ENV, '--matched', '--rounding', '6'],
    check: (run) => expect(run.json).toMatchObject({ total: 1, matched: 1, mismatched: 0, pending: 0 }),
  },
  {
    name: 'status --mismatched counts only the mismatch (and its kept copy)',
    args: () => ['v1', 'status', '--mismatched'],
    check: (run) => expect(run.json).toMatchObject({ total: 1, mismatched: 1, bytesTemporary: expect.any(Number) }),
  },
  {
    name: 'remove-matched is a dry run by default: lists the redundant selection, removes nothing',
    before: async (w) => {
      // Selections of another environment (the creation-time ones went with the versions rows).
      for (const { recording_id } of [w.a, w.b]) {
        await em(w).insert(RecordingRecomputeSelectionV1, {
          recording_id,
          env_id: TESTER_ENV,
          rounding: 4,
          logged_at_creation: false,
          xfail_reason: null,
        });
      }
    },
    args: () => ['v1', 'remove-matched'],
    check: async (run, w) => {
      expect(run.json).toEqual({
        dryRun: true,
        removed: [{ recording: { recording_id: w.matched.recording_id }, envId: TESTER_ENV, params: { rounding: 4 } }],
      });
      expect(await selections(w, { env_id: TESTER_ENV })).toHaveLength(2);
    },
  },
  {
    name: 'remove-matched --env-id --yes removes it; the rest stay',
    args: () => ['v1', 'remove-matched', '--env-id', TESTER_ENV, '--yes'],
    check: async (run, w) => {
      expect(run.json).toMatchObject({ dryRun: false, removed: [expect.anything()] });
      expect(await selections(w, { env_id: TESTER_ENV })).toEqual([expect.objectContaining({ id: w.mismatched.recording_id })]);
      expect(await selections(w, { env_id: CLI_ENV })).toHaveLength(2);
    },
  },
  {
    name: 'attempts delete --mismatched is a dry run by default: the copy and rows stay',
    args: () => ['v1', 'attempts', 'delete', '--mismatched'],
    check: async (run, w) => {
      expect(run.json).toMatchObject({
        dryRun: true,
        entries: [expect.objectContaining({ envId: CLI_ENV, state: 'mismatched', temporaryPath: w.keptCopy })],
      });
      expect(existsSync(w.keptCopy)).toBe(true);
      expect(await results(w)).toHaveLength(2);
    },
  },
  {
    name: 'attempts delete --mismatched --yes removes the attempt rows and the kept copy, never an original',
    args: () => ['v1', 'attempts', 'delete', '--mismatched', '--yes'],
    check: async (run, w) => {
      expect(run.json).toMatchObject({ dryRun: false, entries: [expect.anything()] });
      expect(existsSync(w.keptCopy)).toBe(false);
      expect(existsSync(w.mismatched.path) && existsSync(w.matched.path)).toBe(true);
      expect(await results(w)).toEqual([expect.objectContaining({ id: w.matched.recording_id, matched: true })]);
      expect(await selections(w, { env_id: CLI_ENV })).toEqual([expect.objectContaining({ id: w.matched.recording_id })]);
    },
  },
  {
    name: 'delete-files --mismatched selects nothing to delete',
    args: () => ['v1', 'delete-files', '--older-than', '0d', '--mismatched', '--yes'],
    check: (run, w) => {
      expect(run.json).toMatchObject({ entries: [] });
      expect(existsSync(w.matched.path)).toBe(true);
    },
  },
  {
    name: 'delete-files --env-id --matched --rounding deletes the verified original',
    before: async (w) => {
      w.legacyHash = (await hashNwbFile(w.matched.path, { legacy: true })).hash;
    },
    args: () => ['v1', 'delete-files', '--older-than', '0d', '--env-id', CLI_ENV, '--matched', '--rounding', '6', '--yes'],
    check: async (run, w) => {
      expect(run.json).toMatchObject({ dryRun: false, entries: [expect.objectContaining({ path: w.matched.path })] });
      expect(existsSync(w.matched.path)).toBe(false);
      expect(await results(w)).toEqual([expect.objectContaining({ deleted: true })]);
    },
  },
  {
    name: 'update-ids backfills created_at and deleted from the disk and reports what changed',
    before: async (w) => {
      await em(w).nativeUpdate(RecordingRecomputeV1, { recording_id: w.matched.recording_id }, { created_at: null, deleted: false });
    },
    args: () => ['v1', 'update-ids'],
    check: async (run, w) => {
      expect(run.json).toMatchObject({
        secondary: {
          checked: 1,
          changed: [
            expect.objectContaining({
              envId: CLI_ENV,
              createdAt: expect.objectContaining({ from: null }),
              deleted: { from: false, to: true },
            }),
          ],
        },
      });
      expect(await results(w)).toEqual([expect.objectContaining({ deleted: true, createdAt: expect.any(Date) })]);
    },
  },
  {
    name: 'fetch verifies a regenerated file against a legacy (metadata-only) stored hash in that mode',
    before: async (w) => {
      await em(w).nativeUpdate(
        SpikeSortingRecordingV1,
        { recording_id: w.matched.recording_id },
        { hash: w.legacyHash, hash_algorithm: 'spyglass-nwb-legacy' },
      );
    },
    args: (w) => ['v1', 'fetch', w.matched.recording_id],
    check: async (run, w) => {
      expect(run.json).toEqual({ path: w.matched.path, regenerated: true, hash: w.legacyHash });
      expect((await hashNwbFile(w.matched.path, { legacy: true })).hash).toBe(w.legacyHash);
      expect(await results(w)).toEqual([expect.objectContaining({ deleted: false })]);
    },
  },
  // v0 shares the verbs (the same pipeline commands over its own module); on an empty v0 layout.
  {
    name: 'v0 attempts delete --env-id --mismatched (dry run, nothing stored)',
    args: () => ['v0', 'attempts', 'delete', '--env-id', CLI_ENV, '--mismatched'],
    check: (run) => expect(run.json).toEqual({ dryRun: true, entries: [], bytes: 0, keptDeletedOriginals: 0 }),
  },
  {
    name: 'v0 remove-matched --env-id (dry run, nothing stored)',
    args: () => ['v0', 'remove-matched', '--env-id', CLI_ENV],
    check: (run) => expect(run.json).toEqual({ dryRun: true, removed: [] }),
  },
  {
    name: 'v0 status --env-id --matched and update-ids report nothing on an empty layout',
    args: () => ['v0', 'status', '--env-id', CLI_ENV, '--matched'],
    check: async (run, w) => {
      expect(run.json).toMatchObject({ total: 0, matched: 0, xfailReasons: {} });
      const ids = await runCliInProcess(['v0', 'update-ids', '--json'], w.env);
      expect(ids.exitCode).toBe(0);
      expect(ids.json).toMatchObject({ updated: [], secondary: { checked: 0, changed: [] } });
    },
  },
];

for (const backend of backends) {
  describe(`recompute v1 API verbs through the CLI on ${backend}`, () => {
    const w = {} as World;
    beforeAll(async () => {
      w.db = await createTestDatabase(backend);
      w.roots = dataRootsUnder(mkdtempSync(path.join(os.tmpdir(), 'cli-api-')));
      for (const dir of Object.values(w.roots)) mkdirSync(dir, { recursive: true });
      w.env = { RECOMPUTE_DB_URL: w.db.url, SPYGLASS_BASE_DIR: w.roots.base };
      const golden = JSON.parse(readFileSync(path.join(fixtures, 'golden.json'), 'utf8'));
      const summary = await ingestRawNwb(w.db.orm.em, { rawPath: path.join(fixtures, 'raw', 'oracle_raw.nwb'), roots: w.roots });
      w.nwbFileName = summary.nwbFileName;
      for (const [id, group] of Object.entries(golden.sort_groups as Record<string, { electrodes: number[]; ref: number }>)) {
        await setSortGroup(w.db.orm.em, 'v1', {
          nwbFileName: w.nwbFileName,
          sortGroupId: Number(id),
          electrodeIds: group.electrodes,
          referenceId: group.ref,
        });
      }
      const [start, end] = (golden.sort_interval as string[]).map(Number);
      await addInterval(w.db.orm.em, { nwbFileName: w.nwbFileName, name: 'sort interval', start, end });
      const snapshot = {
        runtime: { node: process.versions.node, platform: process.platform, arch: process.arch },
        packages: { tag: 'tester' },
        editable: {},
        hasEditable: false,
      };
      const registered = await registerEnvironment(new MikroOrmEnvironmentStore(w.db.orm.em), snapshot, {
        user: 'tester',
        envName: 'default',
      });
      const environment: EngineEnvironment = { envId: registered.envId, snapshot };
      const create = (sortGroupId: number) =>
        createV1Recording(
          w.db.orm.em,
          { roots: w.roots, environment },
          { nwbFileName: w.nwbFileName, sortGroupId, intervalListName: 'sort interval' },
        );
      w.a = await create(0);
      w.b = await create(1);
      // Rows made before versions were recorded (item 7: attempt makes them); the creation-time
      // selections hang from them and go too.
      await em(w).nativeDelete(RecordingRecomputeSelectionV1, {});
      await em(w).nativeDelete(RecordingRecomputeVersionsV1, {});
      w.probes = (await em(w).find(Electrode, { nwb_file_name: w.nwbFileName })).map((e) => ({
        electrode_id: Number(e.electrode_id),
        probe_id: e.probe_id ?? null,
      }));
      w.defaultParams = (await em(w).findOneOrFail(SpikeSortingPreprocessingParametersV1, { preproc_param_name: 'default' }))
        .preproc_params as Record<string, unknown>;
    }, 180_000);
    afterAll(async () => {
      await w.db?.drop();
      if (w.roots) rmSync(w.roots.base, { recursive: true, force: true });
    });

    for (const step of steps) {
      it(
        step.name,
        async () => {
          await step.before?.(w);
          const run = await runCliInProcess([...step.args(w), '--json'], w.env);
          if (run.exitCode !== (step.exit ?? 0)) throw new Error(`exit ${run.exitCode}: ${run.stdout}${run.stderr}`);
          await step.check(run, w);
        },
        120_000,
      );
    }
  });
}
