// Throughput benchmark (not a test): does `recompute v1 run --workers 2` regenerate and verify
// several real-sized files in parallel, no slower than 1.2 × (sum of their single runs) / workers,
// within 1 GiB of total peak RSS? Builds F synthetic 15-minute tetrode raw NWB files (distinct
// seeds) and their v1 recordings exactly as bench:v1 does (global-median reference, Spyglass
// default params), registered in a scratch MariaDB database (SQLite allows a single writer, so
// the CLI refuses --workers above 1 there). The recordings are created by a bench environment
// (as a lab's originals were), so the CLI's attempts really regenerate them. Then, through the
// built `recompute` bin (the real CLI path):
//   1. singles: `v1 attempt --force`, then `v1 run --recording-id ID` for each file in turn (one
//      process, the bench:v1 verify unit: regenerate + hash + compare + record);
//   2. `v1 attempts delete --yes`, `v1 attempt --force`, then one `v1 run --workers W` over all.
// Each CLI process tree is sampled every 100 ms through /proc: the peak of the SUMMED RSS of the
// parent and all its descendants (shared pages count once per process: an upper bound). CPU
// seconds are the tree's user+system time (cutime+cstime of this process around the run: every
// descendant is reaped by its parent), a load-independent cost next to the noisy wall time.
// Uses the built dist/ (`pnpm build` first; `pnpm bench:throughput` does). MariaDB: the test
// server (RECOMPUTE_TEST_MYSQL_URL, default root@127.0.0.1:3306), a database with a random name,
// dropped after. Linux only (/proc).
// Usage: node packages/v1/benchmark/throughputBench.mjs [--files 4] [--workers 2] [--minutes 15] [--keep]
import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { arg, load } from './benchSupport.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const pkgDir = path.resolve(here, '..');
const repoRoot = path.resolve(pkgDir, '../..');
const cliBin = path.join(repoRoot, 'apps/cli/bin/run.js');
const self = fileURLToPath(import.meta.url);
const TARGET_RATIO = 1.2;
const TARGET_PEAK_RSS_MIB = 1024;
const SAMPLE_MS = 100;
const PAGE_BYTES = Number(execFileSync('getconf', ['PAGESIZE'], { encoding: 'utf8' }).trim());
const CLOCK_TICKS = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim());

// The originals' environment: not the CLI's, so its attempts regenerate instead of finding the
// match logged at creation (hasEditable: nothing is logged at creation, as in a dev checkout).
const creatorSnapshot = {
  runtime: { node: process.versions.node, platform: process.platform, arch: process.arch },
  packages: { bench: '1' },
  editable: {},
  hasEditable: true,
};

/** Child: writes F raw files, ingests them and creates their v1 recordings (not timed). */
async function childSetup(base, dbUrl, files, minutes) {
  const { v1, common, engine, nwb, schema } = load();
  const roots = nwb.dataRootsUnder(base);
  const orm = await schema.openDatabase(dbUrl);
  try {
    const registered = await engine.registerEnvironment(new engine.MikroOrmEnvironmentStore(orm.em), creatorSnapshot, {
      user: 'bench',
      envName: 'creator',
    });
    const environment = { envId: registered.envId, snapshot: creatorSnapshot };
    const created = [];
    for (let i = 0; i < files; i += 1) {
      // inside the raw root: ingest registers it where it is, without a copy
      const rawPath = path.join(roots.raw, `bench${i}_.nwb`);
      process.stderr.write(
        `file ${i + 1}/${files}: writing a ${minutes}-minute tetrode raw NWB file, ingesting, creating its v1 recording…\n`,
      );
      await common.writeSyntheticRawNwb({ filePath: rawPath, durationSeconds: minutes * 60, tetrodes: 1, samplingRate: 30000, seed: i });
      const summary = await common.ingestRawNwb(orm.em.fork(), { rawPath, roots });
      await common.setSortGroup(orm.em.fork(), 'v1', {
        nwbFileName: summary.nwbFileName,
        sortGroupId: 0,
        electrodeIds: [0, 1, 2, 3],
        referenceId: -2,
      });
      const valid = summary.validTimes;
      await common.addInterval(orm.em.fork(), {
        nwbFileName: summary.nwbFileName,
        name: 'all',
        start: valid[0][0],
        end: valid[valid.length - 1][1],
      });
      const recording = await v1.createV1Recording(
        orm.em.fork(),
        { roots, environment },
        { nwbFileName: summary.nwbFileName, sortGroupId: 0, intervalListName: 'all' },
      );
      created.push({ nwbFileName: summary.nwbFileName, recordingId: recording.recording_id, hash: recording.hash });
    }
    return created;
  } finally {
    await orm.close(true);
  }
}

/** pid → { ppid, rssBytes } of every process now (a process may vanish between listing and reading). */
function processTable() {
  const table = new Map();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let stat;
    try {
      stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
    } catch {
      continue;
    }
    // fields after "(comm)", which may itself contain spaces or parentheses
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    table.set(Number(entry), { ppid: Number(fields[1]), rssBytes: Number(fields[21]) * PAGE_BYTES });
  }
  return table;
}

/** Summed RSS of `root` and all its descendants now, and how many processes that is. */
function treeRss(root) {
  const table = processTable();
  const children = new Map();
  for (const [pid, { ppid }] of table) children.set(ppid, [...(children.get(ppid) ?? []), pid]);
  let bytes = 0;
  const perProcessMiB = [];
  const pids = [];
  const stack = [root];
  while (stack.length > 0) {
    const pid = stack.pop();
    const row = table.get(pid);
    if (!row) continue;
    bytes += row.rssBytes;
    perProcessMiB.push(round(row.rssBytes / 2 ** 20));
    pids.push(pid);
    stack.push(...(children.get(pid) ?? []));
  }
  return { bytes, processes: perProcessMiB.length, perProcessMiB, pids };
}

/**
 * Adds the CPU ticks each thread of `pids` has used so far to `threads` (tid → { main, ticks }):
 * how much of a process's CPU its main thread did, the rest being worker threads (filter,
 * md5, prehash), V8's helpers and libuv's pool.
 */
function sampleThreads(pids, threads) {
  for (const pid of pids) {
    let tids;
    try {
      tids = readdirSync(`/proc/${pid}/task`);
    } catch {
      continue;
    }
    for (const tid of tids) {
      let stat;
      try {
        stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
      } catch {
        continue;
      }
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      threads.set(`${pid}/${tid}`, { main: tid === String(pid), ticks: Number(fields[11]) + Number(fields[12]) });
    }
  }
}

/** CPU seconds of this process's reaped descendants (cutime + cstime). */
function childrenCpuSeconds() {
  const stat = readFileSync('/proc/self/stat', 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[13]) + Number(fields[14])) / CLOCK_TICKS;
}

/** Runs the CLI with `--json`: wall and CPU seconds, the process tree's peak summed RSS, and the JSON result. */
function runCli(args, env) {
  return new Promise((resolve, reject) => {
    const cpuBefore = childrenCpuSeconds();
    const started = performance.now();
    const child = spawn(process.execPath, [cliBin, ...args, '--json'], {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let stdout = '';
    let peak = { bytes: 0, processes: 0, perProcessMiB: [] };
    let maxProcesses = 0;
    const threads = new Map();
    const sample = () => {
      const now = treeRss(child.pid);
      sampleThreads(now.pids, threads);
      if (now.bytes > peak.bytes) peak = now;
      maxProcesses = Math.max(maxProcesses, now.processes);
    };
    const timer = setInterval(sample, SAMPLE_MS);
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      clearInterval(timer);
      const seconds = (performance.now() - started) / 1000;
      const cpuSeconds = childrenCpuSeconds() - cpuBefore;
      // sampled, so a thread's last < 100 ms are missed: a lower bound, to compare with cpuSeconds
      const mainThreadCpuSeconds = [...threads.values()].filter((t) => t.main).reduce((sum, t) => sum + t.ticks, 0) / CLOCK_TICKS;
      let json;
      try {
        json = JSON.parse(stdout);
      } catch {
        reject(new Error(`recompute ${args.join(' ')} exited ${code} without JSON: ${stdout.slice(0, 500)}`));
        return;
      }
      if (code !== 0) reject(new Error(`recompute ${args.join(' ')} exited ${code}: ${JSON.stringify(json)}`));
      else
        resolve({
          seconds,
          cpuSeconds,
          mainThreadCpuSeconds,
          peakRssMiB: peak.bytes / 2 ** 20,
          peakProcesses: peak.processes,
          peakPerProcessMiB: peak.perProcessMiB,
          maxProcesses,
          json,
        });
    });
  });
}

function runSetupChild(base, dbUrl, files, minutes) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [self, '--child-setup', base, dbUrl, String(files), String(minutes)], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (chunk) => (out += chunk));
    child.on('close', (code) =>
      code === 0 ? resolve(JSON.parse(out.trim().split('\n').pop())) : reject(new Error(`setup exited ${code}`)),
    );
  });
}

function expectCounts(what, result, outcome, n) {
  const counts = result.json.counts ?? {};
  if (counts[outcome] !== n) throw new Error(`${what}: expected ${n} ${outcome}, got ${JSON.stringify(result.json)}`);
}

async function main() {
  if (process.argv[2] === '--child-setup') {
    // as the `recompute` CLI runs: wasm tiering budget raised before any wasm compiles
    load().nwb.raiseWasmTieringBudget();
    const [base, dbUrl, files, minutes] = process.argv.slice(3);
    process.stdout.write(`${JSON.stringify(await childSetup(base, dbUrl, Number(files), Number(minutes)))}\n`);
    return;
  }
  const files = Number(arg('files', '4'));
  const workers = Number(arg('workers', '2'));
  const minutes = Number(arg('minutes', '15'));
  const { nwb, schema } = load();
  const db = await schema.createTestDatabase('mariadb');
  const base = mkdtempSync(path.join(tmpdir(), 'throughput-bench-'));
  try {
    for (const dir of Object.values(nwb.dataRootsUnder(base))) mkdirSync(dir, { recursive: true });
    const env = { RECOMPUTE_DB_URL: db.url, SPYGLASS_BASE_DIR: base };
    const recordings = await runSetupChild(base, db.url, files, minutes);

    // 1. each file alone, one after the other
    await runCli(['v1', 'attempt', '--force'], env);
    const singles = [];
    for (const [i, recording] of recordings.entries()) {
      const single = await runCli(['v1', 'run', '--recording-id', recording.recordingId], env);
      expectCounts(`single run of ${recording.nwbFileName}`, single, 'matched', 1);
      process.stderr.write(
        `single ${i + 1}/${files}: ${round(single.seconds)} s wall, ${round(single.cpuSeconds)} s CPU, peak RSS ${round(single.peakRssMiB)} MiB\n`,
      );
      singles.push({
        nwbFileName: recording.nwbFileName,
        seconds: round(single.seconds),
        cpuSeconds: round(single.cpuSeconds),
        // CPU of the main thread alone: on an idle machine the wall time is at least this
        mainThreadCpuSeconds: round(single.mainThreadCpuSeconds),
        peakRssMiB: round(single.peakRssMiB),
        loadAverage1m: round(loadavg()[0]),
      });
    }

    // 2. all files in one `run --workers W`, on fresh attempts
    await runCli(['v1', 'attempts', 'delete', '--yes'], env);
    await runCli(['v1', 'attempt', '--force'], env);
    const loadBefore = loadavg()[0];
    const run = await runCli(['v1', 'run', '--workers', String(workers)], env);
    expectCounts(`run --workers ${workers}`, run, 'matched', files);
    const loadAfter = loadavg()[0];

    const sumSeconds = singles.reduce((sum, s) => sum + s.seconds, 0);
    const sumCpuSeconds = singles.reduce((sum, s) => sum + s.cpuSeconds, 0);
    const ratio = run.seconds / (sumSeconds / workers);
    const report = {
      benchmark: `v1 run --workers ${workers} over ${files} files vs each file alone`,
      backend: 'mariadb',
      cores: availableParallelism(),
      raw: { minutes, channels: 4, samplingRate: 30000, files },
      singles,
      sumSingleSeconds: round(sumSeconds),
      sumSingleCpuSeconds: round(sumCpuSeconds),
      // total CPU over main-thread CPU of the singles: an upper bound on how many cores one file
      // keeps busy (the main thread also waits). On an idle machine the ratio below tends to
      // cpuSeconds / seconds of a single: ≤ 1.2 needs a single to keep ≤ 1.2 cores busy.
      singleCoresBusy: round(sumCpuSeconds / singles.reduce((sum, s) => sum + s.mainThreadCpuSeconds, 0)),
      run: {
        workers,
        seconds: round(run.seconds),
        cpuSeconds: round(run.cpuSeconds),
        mainThreadsCpuSeconds: round(run.mainThreadCpuSeconds),
        peakTotalRssMiB: round(run.peakRssMiB),
        processesAtPeak: run.peakProcesses,
        // parent (the CLI that spawned the workers) first, then each worker
        rssMiBPerProcessAtPeak: run.peakPerProcessMiB,
        maxProcesses: run.maxProcesses,
        counts: run.json.counts,
      },
      // < 1: the run costs less than the singles' (wall) sum split among the workers
      ratioRunToSumOverWorkers: round(ratio),
      // the same with CPU time: > 1 means parallel running costs more CPU (contention, not load)
      cpuRatioRunToSum: round(run.cpuSeconds / sumCpuSeconds),
      loadAverage1m: { beforeRun: round(loadBefore), afterRun: round(loadAfter) },
      targets: { ratio: TARGET_RATIO, peakTotalRssMiB: TARGET_PEAK_RSS_MIB },
      withinTargets: ratio <= TARGET_RATIO && run.peakRssMiB <= TARGET_PEAK_RSS_MIB,
    };
    process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
    process.stderr.write(
      `run --workers ${workers}: ${round(run.seconds)} s (${round(run.cpuSeconds)} s CPU) vs sum of singles ${round(sumSeconds)} s (${round(sumCpuSeconds)} s CPU) / ${workers}: ` +
        `ratio ${round(ratio)} (target ≤ ${TARGET_RATIO}); peak total RSS ${round(run.peakRssMiB)} MiB (target ≤ ${TARGET_PEAK_RSS_MIB}); load ${round(loadAfter)}\n`,
    );
    if (!report.withinTargets) process.exitCode = 1;
  } finally {
    await db.drop();
    if (!process.argv.includes('--keep')) rmSync(base, { recursive: true, force: true });
  }
}

function round(x) {
  return Math.round(x * 100) / 100;
}

main().catch((error) => {
  process.stderr.write(`${error?.stack ?? error}\n`);
  process.exit(1);
});
