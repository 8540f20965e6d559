// Scale benchmark (not a test): does bookkeeping stay flat as a lab grows to thousands of
// recordings? Registers N synthetic recordings (tiny artefacts from the engine's FakePipeline, so
// database and bookkeeping dominate) in the own layout's real v1 tables, then times
// `versions populate`, `attempt`, `run` (2 worker processes sharing the jobs table on MariaDB;
// one process on SQLite, which allows a single writer, as the CLI does), `status` and
// `delete-files`, on SQLite and on MariaDB. Each (backend, N) runs in a fresh child process so its
// peak RSS is its own; it is measured at N/10 and N. SQL statements are counted with a MikroORM
// query-logger hook. Finally `status` is timed over 10,000 attempts: here on the fake pipeline,
// then through the real v1 and v0 tables, engine and CLI (`apps/cli/benchmark/statusBench.mjs`).
// Uses the built dist/ (`pnpm build` first; `pnpm bench:scale` does). MariaDB: the test server
// (RECOMPUTE_TEST_MYSQL_URL, default root@127.0.0.1:3306), databases with random names, dropped after.
// Usage: node packages/engine/benchmark/scaleBench.mjs [--n 1000] [--status-rows 10000] [--backends sqlite,mariadb]
import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const pkgDir = path.resolve(here, '..');
const self = fileURLToPath(import.meta.url);
const require = createRequire(path.join(pkgDir, 'package.json'));
const ENV_ID = 'bench_default_00';
const TABLE = 'fake_recompute.__recording_recompute';

function arg(name, fallback) {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : fallback;
}

function load() {
  const dist = (file) => require(path.join(pkgDir, 'dist', file));
  return {
    schema: require('@spyglass-recompute/schema'),
    ...dist('engine/test-support/FakePipeline.js'),
    ...dist('engine/test-support/fakeV1Tables.js'),
    ...dist('engine/test-support/createFakeWorld.js'),
    ...dist('engine/MikroOrmRecomputeStore.js'),
    ...dist('engine/RecomputeEngine.js'),
    ...dist('jobs/JobReserver.js'),
    ...dist('jobs/MikroOrmJobStore.js'),
  };
}

/** Counts every SQL statement the ORM sends (the query logger is called for each, debug or not). */
function countQueries(orm) {
  const counter = { n: 0 };
  const logger = orm.config.getLogger();
  logger.logQuery = () => {
    counter.n += 1;
  };
  return counter;
}

function engineFor(lib, orm, base) {
  const recordingDir = path.join(base, 'recording');
  const tempDir = path.join(base, 'tmp');
  const pipeline = new lib.FakePipeline({ objects: 2 });
  const store = new lib.MikroOrmRecomputeStore(
    orm.em,
    lib.fakeV1Descriptors((name) => pipeline.locate(recordingDir, name)),
  );
  const engine = new lib.RecomputeEngine({
    pipeline,
    store,
    environment: { envId: ENV_ID, snapshot: lib.fakeEnvironment() },
    dataRoots: [recordingDir, tempDir],
    tempDir,
  });
  return { pipeline, engine, recordingDir, tempDir };
}

const names = (n) => Array.from({ length: n }, (_, i) => `r${String(i).padStart(6, '0')}`);

async function timed(counter, fn) {
  const queries = counter.n;
  const start = process.hrtime.bigint();
  const result = await fn();
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  // What the phase left reachable (children run with --expose-gc): an identity map or cache that
  // grows with N shows here, unlike peak RSS, which also counts garbage not yet collected.
  globalThis.gc?.();
  return { ms, queries: counter.n - queries, retainedMiB: process.memoryUsage().heapUsed / 2 ** 20, result };
}

/** One (backend, N) measurement, in this (child) process. */
async function child(backend, n, statusOnly) {
  const lib = load();
  const db = await lib.schema.createTestDatabase(backend);
  const base = mkdtempSync(path.join(tmpdir(), 'scale-bench-'));
  try {
    const counter = countQueries(db.orm);
    const { pipeline, engine, recordingDir, tempDir } = engineFor(lib, db.orm, base);
    mkdirSync(recordingDir, { recursive: true });
    mkdirSync(tempDir, { recursive: true });
    await lib.seedFakeParents(db.orm.em, [ENV_ID]);
    const phases = {};
    phases.register = await timed(counter, async () => {
      for (const name of names(n)) await lib.registerFakeRecording(db.orm.em, await pipeline.createOriginal(recordingDir, name));
    });
    phases['versions populate'] = await timed(counter, () => engine.populateVersions());
    phases.attempt = await timed(counter, () => engine.attempt());
    if (!statusOnly) {
      phases.run = backend === 'sqlite' ? await timed(counter, () => engine.populate()) : await runWorkers(db.url, base, 2);
      const after = await engine.status();
      if (after.pending !== 0 || after.matched !== n)
        throw new Error(`run left ${after.pending} pending, ${after.matched} matched of ${n}`);
    }
    phases.status = await timed(counter, () => engine.status());
    if (!statusOnly) {
      phases['delete-files'] = await timed(counter, () =>
        engine.deleteFiles({}, { dryRun: false, yes: true, olderThanDays: 0, allowLargeDeletion: true }),
      );
    }
    for (const phase of Object.values(phases)) delete phase.result;
    return { backend, n, phases, maxRssMiB: process.resourceUsage().maxRSS / 1024 };
  } finally {
    await db.drop();
    rmSync(base, { recursive: true, force: true });
  }
}

/** `run --workers K`: K processes, each populating with reserve-jobs; wall time and summed queries. */
async function runWorkers(dbUrl, base, workers) {
  const start = process.hrtime.bigint();
  const results = await Promise.all(
    Array.from(
      { length: workers },
      () =>
        new Promise((resolve, reject) => {
          const proc = spawn(process.execPath, [self, '--worker', dbUrl, base], { stdio: ['ignore', 'pipe', 'inherit'] });
          let out = '';
          proc.stdout.on('data', (chunk) => (out += chunk));
          proc.on('close', (code) => (code === 0 ? resolve(JSON.parse(out)) : reject(new Error(`worker exited ${code}`))));
        }),
    ),
  );
  return {
    ms: Number(process.hrtime.bigint() - start) / 1e6,
    queries: results.reduce((sum, r) => sum + r.queries, 0),
    workerMaxRssMiB: Math.max(...results.map((r) => r.maxRssMiB)),
    attemptsPerWorker: results.map((r) => r.attempts),
  };
}

async function worker(dbUrl, base) {
  const lib = load();
  const orm = await lib.schema.openDatabase(dbUrl);
  try {
    const counter = countQueries(orm);
    const { engine } = engineFor(lib, orm, base);
    const jobs = new lib.JobReserver(new lib.MikroOrmJobStore(orm.em), { tableName: TABLE });
    const result = await engine.populate({}, { jobs });
    const attempts = result.outcomes.filter((o) => o.outcome !== 'reserved-elsewhere').length;
    return { queries: counter.n, attempts, maxRssMiB: process.resourceUsage().maxRSS / 1024 };
  } finally {
    await orm.close(true);
  }
}

function runChild(args) {
  const out = execFileSync(process.execPath, ['--expose-gc', self, ...args], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    maxBuffer: 1 << 24,
  });
  const result = JSON.parse(out);
  // Each measurement as it lands (the whole run takes minutes; a partial run still tells something).
  process.stderr.write(`${report(result.phases.run ? [result] : [], result.phases.run ? [] : [result]).trim()}\n`);
  return result;
}

const fmt = (value, digits = 1) => value.toFixed(digits);

function report(runs, statusRuns) {
  const lines = [];
  for (const { backend, n, phases, maxRssMiB } of runs) {
    lines.push(
      `\n${backend}, N = ${n}: peak RSS ${fmt(maxRssMiB)} MiB${phases.run.workerMaxRssMiB ? ` (each run worker ≤ ${fmt(phases.run.workerMaxRssMiB)} MiB)` : ''}`,
    );
    lines.push('  phase               total s   ms/recording   queries/recording   heap after (MiB)');
    for (const [name, phase] of Object.entries(phases)) {
      lines.push(
        `  ${name.padEnd(18)} ${fmt(phase.ms / 1000, 2).padStart(8)}   ${fmt(phase.ms / n, 2).padStart(12)}   ${fmt(phase.queries / n, 2).padStart(17)}   ${(phase.retainedMiB === undefined ? 'in workers' : fmt(phase.retainedMiB)).padStart(16)}`,
      );
    }
    const cycleMs = ['versions populate', 'attempt', 'run'].reduce((sum, name) => sum + phases[name].ms, 0);
    lines.push(`  recordings per hour: run ${fmt((n / phases.run.ms) * 3.6e6, 0)}, versions+attempt+run ${fmt((n / cycleMs) * 3.6e6, 0)}`);
  }
  for (const { backend, n, phases } of statusRuns) {
    lines.push(
      `\n${backend}: status over ${n} attempts: ${fmt(phases.status.ms / 1000, 2)} s, ${phases.status.queries} queries (target < 2 s)`,
    );
  }
  return lines.join('\n');
}

async function main() {
  if (process.argv.includes('--worker')) {
    const i = process.argv.indexOf('--worker');
    process.stdout.write(JSON.stringify(await worker(process.argv[i + 1], process.argv[i + 2])));
    return;
  }
  if (process.argv.includes('--child')) {
    process.stdout.write(JSON.stringify(await child(arg('backend'), Number(arg('n')), process.argv.includes('--status-only'))));
    return;
  }
  const n = Number(arg('n', '1000'));
  const statusRows = Number(arg('status-rows', '10000'));
  const backends = arg('backends', 'sqlite,mariadb').split(',');
  process.stderr.write(
    `scale bench: N = ${n} and ${n / 10}, status over ${statusRows}; backends ${backends.join(', ')}; load ${loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')}\n`,
  );
  const runs = [];
  const statusRuns = [];
  for (const backend of backends) {
    for (const size of [Math.max(1, Math.round(n / 10)), n]) {
      process.stderr.write(`  ${backend} N=${size}…\n`);
      runs.push(runChild(['--child', '--backend', backend, '--n', String(size)]));
    }
    if (statusRows > 0) {
      process.stderr.write(`  ${backend} status over ${statusRows}…\n`);
      statusRuns.push(runChild(['--child', '--backend', backend, '--n', String(statusRows), '--status-only']));
    }
  }
  process.stdout.write(`${report(runs, statusRuns)}\n`);
  if (process.argv.includes('--json')) process.stdout.write(`${JSON.stringify({ runs, statusRuns })}\n`);
  if (statusRows > 0) {
    // The real tables and the whole CLI process: the pipelines' joins and start-up count too.
    process.stdout.write('\n');
    const statusBench = path.resolve(pkgDir, '../../apps/cli/benchmark/statusBench.mjs');
    execFileSync(process.execPath, [statusBench, '--n', String(statusRows), '--backends', backends.join(',')], { stdio: 'inherit' });
  }
}

main().then(
  () => process.exit(0),
  (error) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
