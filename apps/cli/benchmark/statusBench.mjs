// Status benchmark (not a test): `recompute {v1|v0} status` over N real recordings (N = 10,000 by
// default; issue 15's target is < 2 s), on SQLite and on MariaDB. Seeds a scratch database with
// bulk inserts (the pipeline's tables as `recording create`, `versions populate` and `attempt`
// leave them; a mix of pending, matched, mismatched and error attempts), then times
//   - in process: the pipeline engine's `status()` (what the CLI runs), with its SQL statement count;
//   - end to end: `recompute {v1|v0} status --json` as a child process (start-up included), wall
//     and CPU time (the machine may be shared: CPU time is the figure a busy machine does not inflate).
// Uses the built dist/ (`pnpm bench:scale` builds first). MariaDB: the test server
// (RECOMPUTE_TEST_MYSQL_URL, default root@127.0.0.1:3306), a database with a random name, dropped after.
// Usage: node apps/cli/benchmark/statusBench.mjs [--n 10000] [--backends sqlite,mariadb] [--pipelines v1,v0] [--repeat 3]
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const cliDir = path.resolve(here, '..');
const require = createRequire(path.join(cliDir, 'package.json'));
const schema = require('@spyglass-recompute/schema');
const v1 = require('@spyglass-recompute/v1');
const v0 = require('@spyglass-recompute/v0');

const ENV_ID = 'bench_status_00';
const NWB = 'bench_.nwb';
const BATCH = 1000;

function arg(name, fallback) {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : fallback;
}

/** The i-th recording's uuid (deterministic, so runs are comparable). */
const recordingId = (i) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`;

/** What happened to the i-th attempt: 40 % pending, 40 % matched, 10 % mismatched, 10 % error. */
function outcomeOf(i) {
  const bucket = i % 10;
  return bucket < 4 ? 'pending' : bucket < 8 ? 'matched' : bucket === 8 ? 'mismatched' : 'error';
}

const CREATED_AT = new Date('2026-01-01T00:00:00Z');

/** The recompute row of the i-th attempt (none while pending). */
const recomputeColumns = (i) => ({
  matched: outcomeOf(i) === 'matched',
  err_msg: outcomeOf(i) === 'error' ? 'boom' : null,
  created_at: CREATED_AT,
  deleted: false,
});

async function seedParents(em) {
  await em.insert(schema.Nwbfile, { nwb_file_name: NWB, nwb_file_abs_path: `/raw/${NWB}` });
  await em.insert(schema.Session, { nwb_file_name: NWB, session_id: 'bench', session_description: '', session_start_time: null });
  await em.insert(schema.LabTeam, { team_name: 'team', team_description: '' });
  await em.insert(schema.IntervalList, { nwb_file_name: NWB, interval_list_name: 'all', valid_times: [[0, 1]], pipeline: '' });
  await em.insert(schema.UserEnvironment, {
    env_id: ENV_ID,
    env_hash: 'b'.repeat(32),
    hash_algorithm: 'md5',
    env: {},
    timestamp: new Date(),
    has_editable: false,
  });
}

/** v0: one sort group per recording (the key is natural: nwb file, sort group, interval, params, team). */
async function seedV0(orm, n, roots) {
  const em = orm.em.fork();
  await seedParents(em);
  await em.insert(schema.SortIntervalV0, { nwb_file_name: NWB, sort_interval_name: 'all', sort_interval: [[0, 1]] });
  await em.insert(schema.SpikeSortingPreprocessingParametersV0, { preproc_params_name: 'default', preproc_params: {} });
  const key = (i) => ({
    nwb_file_name: NWB,
    sort_group_id: i,
    sort_interval_name: 'all',
    preproc_params_name: 'default',
    team_name: 'team',
  });
  for (let start = 0; start < n; start += BATCH) {
    const indices = Array.from({ length: Math.min(BATCH, n - start) }, (_, k) => start + k);
    await em.insertMany(
      schema.SortGroupV0,
      indices.map((i) => ({ nwb_file_name: NWB, sort_group_id: i, sort_reference_electrode_id: -1 })),
    );
    await em.insertMany(
      schema.SpikeSortingRecordingSelectionV0,
      indices.map((i) => ({ ...key(i), interval_list_name: 'all' })),
    );
    await em.insertMany(
      schema.SpikeSortingRecordingV0,
      indices.map((i) => ({
        ...key(i),
        recording_path: path.join(roots.recording, `bench_${i}`),
        sort_interval_list_name: 'all',
        hash: 'a'.repeat(32),
        hash_algorithm: 'spyglass-folder',
      })),
    );
    await em.insertMany(
      schema.RecordingRecomputeVersionsV0,
      indices.map((i) => ({ ...key(i), spikeinterface: '0.99.1', probeinterface: '0.2.21' })),
    );
    await em.insertMany(
      schema.RecordingRecomputeSelectionV0,
      indices.map((i) => ({ ...key(i), env_id: ENV_ID, logged_at_creation: false, xfail_reason: null })),
    );
    const done = indices.filter((i) => outcomeOf(i) !== 'pending');
    if (done.length > 0)
      await em.insertMany(
        schema.RecordingRecomputeV0,
        done.map((i) => ({ ...key(i), env_id: ENV_ID, ...recomputeColumns(i) })),
      );
  }
}

async function seedV1(orm, n) {
  const em = orm.em.fork();
  await seedParents(em);
  await em.insert(schema.SortGroupV1, { nwb_file_name: NWB, sort_group_id: 0, sort_reference_electrode_id: -1 });
  await em.insert(schema.SpikeSortingPreprocessingParametersV1, { preproc_param_name: 'default', preproc_params: {} });
  for (let start = 0; start < n; start += BATCH) {
    const indices = Array.from({ length: Math.min(BATCH, n - start) }, (_, k) => start + k);
    const analysis = (i) => `bench${String(i).padStart(6, '0')}_ABCDEFGHIJ.nwb`;
    await em.insertMany(
      schema.SpikeSortingRecordingSelectionV1,
      indices.map((i) => ({
        recording_id: recordingId(i),
        nwb_file_name: NWB,
        sort_group_id: 0,
        interval_list_name: 'all',
        preproc_param_name: 'default',
        team_name: 'team',
      })),
    );
    await em.insertMany(
      schema.AnalysisNwbfile,
      indices.map((i) => ({
        analysis_file_name: analysis(i),
        analysis_file_abs_path: `/analysis/bench/${analysis(i)}`,
        analysis_parent_nwb_file_name: NWB,
        analysis_file_description: '',
      })),
    );
    await em.insertMany(
      schema.SpikeSortingRecordingV1,
      indices.map((i) => ({
        recording_id: recordingId(i),
        analysis_file_name: analysis(i),
        object_id: `object-${i}`,
        electrodes_id: `electrodes-${i}`,
        hash: 'a'.repeat(32),
        hash_algorithm: 'spyglass-nwb',
      })),
    );
    await em.insertMany(
      schema.RecordingRecomputeVersionsV1,
      indices.map((i) => ({ recording_id: recordingId(i), nwb_deps: { core: '2.7.0' } })),
    );
    await em.insertMany(
      schema.RecordingRecomputeSelectionV1,
      indices.map((i) => ({
        recording_id: recordingId(i),
        env_id: ENV_ID,
        rounding: 4,
        logged_at_creation: false,
        xfail_reason: null,
      })),
    );
    const done = indices.filter((i) => outcomeOf(i) !== 'pending');
    if (done.length > 0) {
      await em.insertMany(
        schema.RecordingRecomputeV1,
        done.map((i) => ({ recording_id: recordingId(i), env_id: ENV_ID, rounding: 4, ...recomputeColumns(i) })),
      );
    }
  }
}

/** The expected counts, to check each timed run read every row. */
function expectedCounts(n) {
  const counts = { pending: 0, matched: 0, mismatched: 0, error: 0 };
  for (let i = 0; i < n; i += 1) counts[outcomeOf(i)] += 1;
  return counts;
}

function checkCounts(status, n, what) {
  const expected = expectedCounts(n);
  for (const [state, count] of Object.entries(expected)) {
    if (status[state] !== count) throw new Error(`${what}: ${state} ${status[state]}, expected ${count}`);
  }
}

/** CPU time (user + system, ms) of this process's waited-for children, from /proc (Linux). */
function childrenCpuMs() {
  const fields = readFileSync('/proc/self/stat', 'utf8')
    .replace(/^.*\) /, '')
    .split(' ');
  // After the command name: state is field 3, so cutime (16) and cstime (17) are indices 13, 14.
  return ((Number(fields[13]) + Number(fields[14])) * 1000) / 100;
}

const PIPELINES = {
  v1: { seed: seedV1, engine: (em, roots) => v1.createV1Engine({ em, roots, environment: { envId: ENV_ID, snapshot: {} } }) },
  v0: {
    seed: seedV0,
    engine: (em, roots) => v0.createV0Engine({ em, roots, environment: { envId: ENV_ID, snapshot: {} }, log: () => undefined }),
  },
};

async function inProcessStatus(orm, pipeline, roots, n) {
  let queries = 0;
  const logger = orm.config.getLogger();
  const original = logger.logQuery;
  logger.logQuery = () => {
    queries += 1;
  };
  try {
    const engine = PIPELINES[pipeline].engine(orm.em.fork(), roots);
    const cpu = process.cpuUsage();
    const start = process.hrtime.bigint();
    const status = await engine.status();
    const ms = Number(process.hrtime.bigint() - start) / 1e6;
    const used = process.cpuUsage(cpu);
    checkCounts(status, n, 'in-process status');
    return { ms, cpuMs: (used.user + used.system) / 1000, queries };
  } finally {
    logger.logQuery = original;
  }
}

function cliStatus(url, pipeline, base, n) {
  const cpuBefore = childrenCpuMs();
  const start = process.hrtime.bigint();
  const result = spawnSync(process.execPath, [path.join(cliDir, 'bin', 'run.js'), pipeline, 'status', '--json'], {
    encoding: 'utf8',
    maxBuffer: 1 << 24,
    env: { ...process.env, RECOMPUTE_DB_URL: url, SPYGLASS_BASE_DIR: base, RECOMPUTE_DB_LAYOUT: 'own' },
  });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  const cpuMs = childrenCpuMs() - cpuBefore;
  if (result.status !== 0) throw new Error(`recompute ${pipeline} status exited ${result.status}: ${result.stderr}`);
  checkCounts(JSON.parse(result.stdout), n, 'CLI status');
  return { ms, cpuMs };
}

async function bench(backend, pipeline, n, repeat) {
  const db = await schema.createTestDatabase(backend);
  const base = mkdtempSync(path.join(tmpdir(), 'status-bench-'));
  try {
    const roots = {
      base,
      raw: path.join(base, 'raw'),
      analysis: path.join(base, 'analysis'),
      recording: path.join(base, 'recording'),
      temp: path.join(base, 'tmp'),
    };
    for (const root of Object.values(roots)) mkdirSync(root, { recursive: true });
    const seedStart = process.hrtime.bigint();
    await PIPELINES[pipeline].seed(db.orm, n, roots);
    const seedMs = Number(process.hrtime.bigint() - seedStart) / 1e6;
    const inProcess = [];
    const cli = [];
    for (let r = 0; r < repeat; r += 1) {
      inProcess.push(await inProcessStatus(db.orm, pipeline, roots, n));
      cli.push(cliStatus(db.url, pipeline, base, n));
    }
    return { backend, pipeline, n, seedMs, inProcess, cli };
  } finally {
    await db.drop();
    rmSync(base, { recursive: true, force: true });
  }
}

const fmt = (ms) => (ms / 1000).toFixed(2);
const best = (runs, key) => Math.min(...runs.map((run) => run[key]));

function report(result) {
  const { backend, pipeline, n, seedMs, inProcess, cli } = result;
  return [
    `${backend}: ${pipeline} status over ${n} recordings (seeded in ${fmt(seedMs)} s; best of ${inProcess.length}, target < 2 s)`,
    `  engine.status() in process   ${fmt(best(inProcess, 'ms'))} s wall, ${fmt(best(inProcess, 'cpuMs'))} s CPU, ${inProcess[0].queries} queries`,
    `  recompute ${pipeline} status --json   ${fmt(best(cli, 'ms'))} s wall, ${fmt(best(cli, 'cpuMs'))} s CPU (whole process: start-up, connect, status)`,
  ].join('\n');
}

async function main() {
  const n = Number(arg('n', '10000'));
  const repeat = Number(arg('repeat', '3'));
  const backends = arg('backends', 'sqlite,mariadb').split(',');
  const pipelines = arg('pipelines', 'v1,v0').split(',');
  process.stderr.write(
    `status bench: ${pipelines.join(', ')} status over ${n} recordings; backends ${backends.join(', ')}; load ${loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')}\n`,
  );
  const results = [];
  for (const pipeline of pipelines) {
    for (const backend of backends) {
      const result = await bench(backend, pipeline, n, repeat);
      results.push(result);
      process.stdout.write(`${report(result)}\n`);
    }
  }
  process.stderr.write(
    `load after: ${loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')}\n`,
  );
  if (process.argv.includes('--json')) process.stdout.write(`${JSON.stringify(results)}\n`);
}

main().then(
  () => process.exit(0),
  (error) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
