import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {
  SpikeSortingPreprocessingParametersV0,
  SpikeSortingPreprocessingParametersV1,
  createTestDatabase,
  type TestDatabase,
} from '@spyglass-recompute/schema';
import { demoSummaryShape } from '../test-support/demoSummaryShape';
import { shapeMismatches, shapeOf, type JsonShape } from '../test-support/jsonShape';
import { runCli } from '../test-support/runCli';
import { runCliInProcess } from '../test-support/runCliInProcess';

/*
 * Issue 21: the CLI contract (cli.md) as one table, fast enough to run on every change:
 * every command's `--json` success document (exact keys and value types, see jsonShape.ts) with
 * exit 0 (the demo's, a whole life cycle of both pipelines, is checked by demo.test.ts's run of it
 * against the shape its row names), then exit 2 (an unknown flag: the `USAGE` error document) for every command, exit 1
 * (an unreachable database server: `DB_UNREACHABLE`) for every command that uses the database,
 * and exit 4 (a regenerated recording that no longer reproduces its stored hash) for both
 * pipelines' `fetch`. The commands run in process through the bin's oclif entry
 * (runCliInProcess); a sample of every exit code is also run through the spawned bin and must
 * print the same document with the same exit code. The life-cycle tests check what the values
 * are; this file checks that every command keeps its documented form. A new command fails the
 * first test until it has a row; `CONTRACT_PRINT=1` prints each document's shape (shapeOf) as a
 * starting point for a new row's contract.
 */

const fixtures = path.resolve(__dirname, '../../../../../shared/fixtures/spikesorting/short');
const rawFixture = path.join(fixtures, 'raw/oracle_raw.nwb');
const NWB = 'oracle_raw.nwb';
const [START, END] = ['1687429800.5', '1687429802.5'];
/** Nothing listens on port 1: connecting fails at once with ECONNREFUSED. */
const UNREACHABLE_DB = 'mysql://root@127.0.0.1:1/recompute_contract';

/** What the rows share: the database and base dir, and keys read from earlier documents. */
interface World {
  db: TestDatabase;
  base: string;
  env: NodeJS.ProcessEnv;
  v1Id: string;
  v1Path: string;
  v1Hash: string;
  v0Folder: string;
  v0Path: string;
  v0Hash: string;
  envId: string;
}

/** One command of the contract: its success run (exit 0) on the shared world. */
interface ContractRow {
  /** The oclif command id (`v1:recording:create`); every id of the manifest has a row. */
  id: string;
  /** Arguments after the command words; `--json` is appended. */
  args: (w: World) => string[];
  /** The success document. */
  shape: JsonShape;
  /** Reads keys for later rows from the document. */
  keep?: (json: never, w: World) => void;
  /** The command never opens the database (no exit-1 row). */
  noDatabase?: true;
  /**
   * The test file whose run of this command checks its success document against `shape` (a run
   * too costly to repeat here: the demo's whole life cycle). The other exit codes are checked here.
   */
  successCheckedIn?: string;
}

const int = 'integer';
const num = 'number';
const str = 'string';
const bool = 'boolean';
/** A map keyed by data (file, object or package names) to strings. */
const strings = { '*': str };
/** `total`/`offset`/`limit` around the rows of a listing. */
const page = (row: JsonShape) => ({ total: int, offset: int, limit: int, rows: [row] as [JsonShape] });
const v1Key = { recording_id: str };
const v0Key = { nwb_file_name: str, sort_group_id: int, sort_interval_name: str, preproc_params_name: str, team_name: str };
const sortGroup = {
  nwbFileName: str,
  sortGroupId: int,
  referenceId: int,
  electrodes: [{ electrodeGroupName: str, electrodeId: int }] as [JsonShape],
};
const v0Params = { frequency_min: num, frequency_max: num, margin_ms: num, seed: int };
const v1Params = { ...v0Params, min_segment_length: num };

/** The documents `v0` and `v1` share, over their own key, attempt parameters and attributes. */
function pipelineShapes(key: JsonShape, params: JsonShape, attributes: JsonShape): Record<string, JsonShape> {
  const attemptKey = { recording: key, envId: str, params };
  const attempts: JsonShape = [
    {
      envId: str,
      params,
      state: str,
      loggedAtCreation: bool,
      xfailReason: 'string|null',
      errMsg: 'string|null',
      createdAt: 'string|null',
      names: ['any'],
      hashes: ['any'],
    },
  ];
  return {
    versionsPopulate: { inserted: [key], alreadyPresent: int, failed: [{ key, message: str }] },
    attempt: {
      inserted: [key],
      skippedMatched: [key],
      skippedExisting: [key],
      skippedNoVersions: [key],
      skippedEnvironment: [key],
      notChosen: int,
      versionsInserted: [key],
      xfailOverridden: [key],
    },
    run: {
      outcomes: [{ attempt: attemptKey, outcome: str }],
      counts: {
        matched: int,
        mismatched: int,
        error: int,
        xfail: int,
        logged: int,
        superseded: int,
        'skipped-matched': int,
        'reserved-elsewhere': int,
      },
    },
    status: {
      pending: int,
      matched: int,
      mismatched: int,
      error: int,
      xfail: int,
      deleted: int,
      total: int,
      bytesReclaimable: int,
      bytesTemporary: int,
      bytesLeftover: int,
      leftoverEntries: int,
      xfailReasons: { '*': int },
      jobs: {
        reserved: int,
        error: int,
        ignore: int,
        byHost: { '*': { reserved: int, error: int, ignore: int, expired: int, pids: [int] } },
        errors: ['any'],
      },
    },
    list: {
      total: int,
      offset: int,
      limit: int,
      recordings: [{ key, keyText: str, path: str, hash: 'string|null', attributes, state: str, attempts: int, bytes: 'integer|null' }],
    },
    show: {
      key,
      keyText: str,
      path: str,
      exists: bool,
      bytes: 'integer|null',
      hash: 'string|null',
      attributes,
      state: str,
      versions: strings,
      attempts,
    },
    diff: [
      {
        row: { ...attemptKey, matched: bool, errMsg: 'string|null', createdAt: 'string|null', deleted: bool },
        names: ['any'],
        hashes: ['any'],
      },
    ],
    deleteFiles: {
      dryRun: bool,
      entries: [
        {
          recording: key,
          path: str,
          bytes: int,
          createdAt: 'string|null',
          temporaryPaths: [str],
          alreadyMissing: bool,
          resumed: bool,
          trashPaths: [str],
        },
      ],
      bytes: int,
      tooRecent: int,
      backfilledCreatedAt: int,
      exceedsThreshold: bool,
      skippedNoHash: int,
    },
    fetch: { path: str, regenerated: bool, hash: str },
    secondary: {
      checked: int,
      changed: [{ ...attemptKey, 'createdAt?': { from: 'string|null', to: 'string|null' }, 'deleted?': { from: bool, to: bool } }],
    },
    removeMatched: { dryRun: bool, removed: [{ recording: key, envId: str, params }] },
    attemptsDelete: {
      dryRun: bool,
      entries: [{ ...attemptKey, state: str, temporaryPath: 'string|null', temporaryBytes: int }],
      bytes: int,
      keptDeletedOriginals: int,
    },
    cleanup: {
      dryRun: bool,
      residue: ['any'],
      inUse: ['any'],
      staleLocks: ['any'],
      untracked: ['any'],
      untrackedRemoved: bool,
      bytes: int,
    },
  };
}
const pipelines = {
  v1: pipelineShapes(
    v1Key,
    { rounding: int },
    {
      analysis_file_name: str,
      object_id: str,
      electrodes_id: 'string|null',
      hash_algorithm: 'string|null',
      nwb_file_name: str,
      sort_group_id: int,
      interval_list_name: str,
      preproc_param_name: str,
      team_name: str,
    },
  ),
  v0: pipelineShapes(v0Key, {}, { ...v0Key, sort_interval_list_name: str }),
};

/** Rows in the order they run: each builds on the state the previous ones left. */
const rows: ContractRow[] = [
  { id: 'db:migrate', args: () => ['db', 'migrate'], shape: { backend: str, url: str, applied: [str], upToDate: bool } },
  { id: 'db:status', args: () => ['db', 'status'], shape: { backend: str, url: str, applied: [str], pending: [str] } },
  {
    id: 'ingest',
    args: () => ['ingest', rawFixture],
    shape: {
      alreadyIngested: bool,
      nwbFileName: str,
      nwbFileAbsPath: str,
      copied: bool,
      team: str,
      session: { sessionId: str, description: str, startTime: str },
      seriesName: str,
      numSamples: int,
      numChannels: int,
      samplingRate: num,
      probes: [str],
      electrodeGroups: [str],
      electrodeCount: int,
      validTimes: [[num]],
      sortGroups: [{ sortGroupId: int, electrodeGroupName: str, electrodeIds: [int], referenceId: int }],
      warnings: ['any'],
    },
  },
  {
    id: 'interval:add',
    args: () => ['interval', 'add', NWB, 'two_s', '--start', START, '--end', END],
    shape: { nwbFileName: str, name: str, validTimes: [[num]], inserted: bool },
  },
  {
    id: 'interval:list',
    args: () => ['interval', 'list'],
    shape: page({ nwbFileName: str, name: str, validTimes: [[num]], durationSeconds: num }),
  },
  {
    id: 'v0:sort-interval:add',
    args: () => ['v0', 'sort-interval', 'add', NWB, 'two_s', '--start', START, '--end', END],
    shape: { nwbFileName: str, name: str, sortInterval: [num], inserted: bool },
  },
  {
    id: 'v0:sort-interval:list',
    args: () => ['v0', 'sort-interval', 'list'],
    shape: page({ nwbFileName: str, name: str, validTimes: [[num]], durationSeconds: num }),
  },
  {
    id: 'v1:sort-group:set',
    args: () => ['v1', 'sort-group', 'set', NWB, '0', '--electrodes', '0,1,2,3', '--reference', '4'],
    shape: { pipeline: str, sortGroup, action: str },
  },
  { id: 'v1:sort-group:list', args: () => ['v1', 'sort-group', 'list'], shape: page(sortGroup) },
  {
    id: 'v0:sort-group:set',
    args: () => ['v0', 'sort-group', 'set', NWB, '0', '--electrodes', '0,1,2,3', '--reference', '4'],
    shape: { pipeline: str, sortGroup, action: str },
  },
  { id: 'v0:sort-group:list', args: () => ['v0', 'sort-group', 'list'], shape: page(sortGroup) },
  {
    id: 'v1:params:add',
    args: () => ['v1', 'params', 'add', 'narrow', '--frequency-min', '400', '--frequency-max', '5000'],
    shape: { pipeline: str, name: str, params: v1Params, inserted: bool },
  },
  { id: 'v1:params:list', args: () => ['v1', 'params', 'list'], shape: page({ name: str, params: v1Params }) },
  {
    id: 'v0:params:add',
    args: () => ['v0', 'params', 'add', 'narrow', '--frequency-min', '400', '--frequency-max', '5000'],
    shape: { pipeline: str, name: str, params: v0Params, inserted: bool },
  },
  { id: 'v0:params:list', args: () => ['v0', 'params', 'list'], shape: page({ name: str, params: v0Params }) },
  {
    id: 'v1:recording:create',
    args: () => ['v1', 'recording', 'create', '--nwb-file', NWB, '--sort-group', '0', '--interval', 'two_s'],
    shape: { recording_id: str, analysis_file_name: str, path: str, hash: str, created: bool },
    keep: (json: { recording_id: string; path: string; hash: string }, w) =>
      Object.assign(w, { v1Id: json.recording_id, v1Path: json.path, v1Hash: json.hash }),
  },
  {
    id: 'v0:recording:create',
    args: () => ['v0', 'recording', 'create', '--nwb-file', NWB, '--sort-group', '0', '--sort-interval', 'two_s'],
    shape: { key: v0Key, recording_path: str, hash: str, hash_algorithm: str, created: bool, logged_at_creation: bool },
    keep: (json: { recording_path: string; hash: string }, w) =>
      Object.assign(w, { v0Path: json.recording_path, v0Folder: path.basename(json.recording_path), v0Hash: json.hash }),
  },
  {
    id: 'hash:nwb',
    args: (w) => ['hash', 'nwb', w.v1Path, '--objects'],
    shape: { path: str, algorithm: str, hash: str, namespaces: strings, objects: strings },
    noDatabase: true,
  },
  {
    id: 'hash:dir',
    args: (w) => ['hash', 'dir', w.v0Path, '--objects'],
    shape: { algorithm: str, hash: str, files: strings },
    noDatabase: true,
  },
  {
    id: 'preprocess',
    args: (w) => [
      'preprocess',
      rawFixture,
      '--electrodes',
      '0,1,2,3',
      '--reference',
      '4',
      '--interval',
      `${START}:${END}`,
      '--style',
      'v0',
      '--out-dir',
      path.join(w.base, 'preprocessed'),
    ],
    shape: {
      style: str,
      samplingFrequency: num,
      margin: int,
      sos: [[num]],
      channelElectrodeIds: [int],
      channelIds: [int],
      dtype: str,
      segments: [{ samples: int, start: int, end: int, ranges: [{ start: int, end: int }], tracesFile: str, timesFile: str }],
      chunkPlan: [[{ start: int, end: int, leftMargin: int, rightMargin: int }]],
    },
    noDatabase: true,
  },
  {
    id: 'env:capture',
    args: () => ['env', 'capture'],
    shape: { envId: str, envHash: str, inserted: bool, hasEditable: bool },
    keep: (json: { envId: string }, w) => Object.assign(w, { envId: json.envId }),
  },
  { id: 'env:show', args: () => ['env', 'show'], shape: { envId: str, envHash: str, hasEditable: bool, packageCount: int } },
  {
    id: 'env:list',
    args: () => ['env', 'list'],
    shape: page({ envId: str, envHash: str, createdAt: str, packageCount: int, hasEditable: bool, current: bool }),
  },
  {
    id: 'env:diff',
    args: (w) => ['env', 'diff', 'current', w.envId],
    shape: { runtime: [{ field: str, a: str, b: str }], packages: ['any'], identical: bool },
  },
  {
    id: 'env:export',
    args: (w) => ['env', 'export', w.envId, '--out', path.join(w.base, 'env-export')],
    shape: { envId: str, files: [str], pinned: int, notInstallable: strings },
  },
  ...(['v1', 'v0'] as const).flatMap((p): ContractRow[] => {
    const shapes = pipelines[p];
    const key = (w: World) => (p === 'v1' ? w.v1Id : w.v0Folder);
    const updateIds: JsonShape =
      p === 'v1'
        ? { updated: ['any'], unchanged: int, missingFiles: ['any'], failed: ['any'], secondary: shapes.secondary! }
        : { updated: ['any'], alreadySet: int, missing: ['any'], failed: ['any'], secondary: shapes.secondary! };
    return [
      { id: `${p}:versions:populate`, args: () => [p, 'versions', 'populate'], shape: shapes.versionsPopulate! },
      { id: `${p}:attempt`, args: () => [p, 'attempt'], shape: shapes.attempt! },
      { id: `${p}:run`, args: () => [p, 'run'], shape: shapes.run! },
      { id: `${p}:status`, args: () => [p, 'status'], shape: shapes.status! },
      { id: `${p}:list`, args: () => [p, 'list'], shape: shapes.list! },
      { id: `${p}:show`, args: (w) => [p, 'show', key(w)], shape: shapes.show! },
      { id: `${p}:diff`, args: (w) => [p, 'diff', key(w)], shape: shapes.diff! },
      { id: `${p}:delete-files`, args: () => [p, 'delete-files', '--older-than', '0d', '--yes'], shape: shapes.deleteFiles! },
      { id: `${p}:fetch`, args: (w) => [p, 'fetch', key(w)], shape: shapes.fetch! },
      { id: `${p}:update-ids`, args: () => [p, 'update-ids'], shape: updateIds },
      { id: `${p}:remove-matched`, args: () => [p, 'remove-matched'], shape: shapes.removeMatched! },
      { id: `${p}:attempts:delete`, args: () => [p, 'attempts', 'delete', '--matched'], shape: shapes.attemptsDelete! },
      { id: `${p}:cleanup`, args: () => [p, 'cleanup'], shape: shapes.cleanup! },
    ];
  }),
  {
    id: 'demo',
    args: (w) => ['demo', '--dir', path.join(w.base, 'demo'), '--duration', '3', '--tetrodes', '1'],
    shape: demoSummaryShape,
    successCheckedIn: 'demo.test.ts',
    noDatabase: true,
  },
];

const PRINT = process.env.CONTRACT_PRINT === '1';

describe('CLI contract (--json documents and exit codes of every command)', () => {
  const w = {} as World;
  const cli = (args: string[], env: NodeJS.ProcessEnv = {}) => runCliInProcess([...args, '--json'], { ...w.env, ...env });
  beforeAll(async () => {
    w.db = await createTestDatabase('sqlite', { migrate: false });
    w.base = await mkdtemp(path.join(os.tmpdir(), 'cli-contract-'));
    w.env = { RECOMPUTE_DB_URL: w.db.url, SPYGLASS_BASE_DIR: w.base };
  });
  afterAll(async () => {
    await w.db?.drop();
    if (w.base) await rm(w.base, { recursive: true, force: true });
  });

  it('has a row for every command of the manifest', async () => {
    const manifest = JSON.parse(await readFile(path.resolve(__dirname, '../../oclif.manifest.json'), 'utf8')) as {
      commands: Record<string, unknown>;
    };
    expect(rows.map((r) => r.id).sort()).toEqual(Object.keys(manifest.commands).sort());
    // A success document checked elsewhere is checked against this row's shape, in a file that exists.
    for (const row of rows.filter((r) => r.successCheckedIn !== undefined)) {
      const checker = await readFile(path.join(__dirname, row.successCheckedIn!), 'utf8');
      expect({ id: row.id, checksShape: checker.includes('shapeMismatches(') }).toEqual({ id: row.id, checksShape: true });
    }
  });

  for (const row of rows.filter((r) => r.successCheckedIn === undefined)) {
    it(`${row.id.replaceAll(':', ' ')}: exit 0 and its success document`, async () => {
      const run = await cli(row.args(w));
      if (run.exitCode !== 0) throw new Error(`exit ${run.exitCode}: ${run.stdout}${run.stderr}`);
      if (PRINT) process.stderr.write(`SHAPE ${row.id} ${JSON.stringify(shapeOf(run.json))}\n`);
      expect(shapeMismatches(run.json, row.shape)).toEqual([]);
      row.keep?.(run.json as never, w);
    });
  }

  it('exit 2: every command given an unknown flag prints the USAGE error document naming it', async () => {
    const documents: Record<string, { exitCode: number; json: unknown }> = {};
    for (const row of rows) {
      const run = await cli([...row.args(w), '--no-such-flag']);
      documents[row.id] = { exitCode: run.exitCode, json: run.json };
    }
    const usage = { exitCode: 2, json: { error: { code: 'USAGE', message: expect.stringContaining('--no-such-flag') } } };
    expect(documents).toEqual(Object.fromEntries(rows.map((row) => [row.id, usage])));
  });

  it('exit 1: every command that uses the database, given an unreachable server, prints DB_UNREACHABLE', async () => {
    const databaseRows = rows.filter((row) => !row.noDatabase);
    const documents: Record<string, { exitCode: number; json: unknown }> = {};
    for (const row of databaseRows) {
      const run = await cli([...row.args(w), '--db', UNREACHABLE_DB]);
      documents[row.id] = { exitCode: run.exitCode, json: run.json };
    }
    const unreachable = {
      exitCode: 1,
      json: {
        error: {
          code: 'DB_UNREACHABLE',
          message: expect.stringContaining('127.0.0.1:1'),
          details: expect.objectContaining({ driverCode: 'ECONNREFUSED' }),
        },
      },
    };
    expect(documents).toEqual(Object.fromEntries(databaseRows.map((row) => [row.id, unreachable])));
  });

  it('exit 4: fetch of a deleted recording whose source changed prints REGENERATED_HASH_MISMATCH (v1 and v0)', async () => {
    const em = w.db.orm.em.fork();
    await em.nativeUpdate(
      SpikeSortingPreprocessingParametersV1,
      { preproc_param_name: 'default' },
      { preproc_params: { frequency_min: 300, frequency_max: 5000, margin_ms: 5, seed: 0, min_segment_length: 1 } },
    );
    await em.nativeUpdate(
      SpikeSortingPreprocessingParametersV0,
      { preproc_params_name: 'default' },
      { preproc_params: { frequency_min: 300, frequency_max: 5000, margin_ms: 5, seed: 0 } },
    );
    await rm(w.v1Path);
    await rm(w.v0Path, { recursive: true });
    for (const [pipeline, key, hash] of [
      ['v1', w.v1Id, w.v1Hash],
      ['v0', w.v0Folder, w.v0Hash],
    ] as const) {
      const refused = await cli([pipeline, 'fetch', key]);
      expect({ exitCode: refused.exitCode, json: refused.json }).toEqual({
        exitCode: 4,
        json: {
          error: {
            code: 'REGENERATED_HASH_MISMATCH',
            message: expect.stringContaining(hash),
            details: expect.objectContaining({ expected: hash }),
          },
        },
      });
    }
  });

  // The in-process runner stands for the bin: a sample of each exit code through a spawned CLI
  // prints the same document with the same exit code (after the exit-4 test: the state is stable).
  it.each([
    ['0', ['v1', 'status']],
    ['1', ['v1', 'status', '--db', UNREACHABLE_DB]],
    ['2', ['v1', 'list', '--no-such-flag']],
    ['4', ['v1', 'fetch', '<v1 id>']],
  ])('exit %s through the spawned bin equals the in-process run', async (code, args) => {
    const argv = [...args.map((a) => (a === '<v1 id>' ? w.v1Id : a)), '--json'];
    const inProcess = await runCliInProcess(argv, w.env);
    const spawned = await runCli(argv, w.env);
    expect(spawned.exitCode).toBe(Number(code));
    expect({ exitCode: spawned.exitCode, stdout: spawned.stdout }).toEqual({ exitCode: inProcess.exitCode, stdout: inProcess.stdout });
  });
});
