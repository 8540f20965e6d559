// v1 benchmark: create + verify a v1 recording of a 15-minute, 4-channel, 30 kHz synthetic raw
// NWB file (one tetrode, global-median reference, Spyglass default params) through the real
// tables on an embedded SQLite database. "create" = createV1Recording (preprocess → analysis NWB
// → hash → rows → logged selection); "verify" = the original deleted, then fetchNwb regenerates
// it with the stored object ids and checks the hash. Each phase runs in a fresh child process
// (peak RSS per phase, worker threads included), set up as the `recompute` CLI (wasm tiering
// budget, see nwb src/runtime/wasmTiering.ts). Uses the built dist/ (run `pnpm build`).
// `--writer-profile late-2024` writes as that writer profile (default pynwb-2.3); `--raw FILE` uses an
// existing raw NWB file (e.g. the long fixture) instead of a synthetic one.
// `--group-channels N` sorts electrodes 0..N-1 as one group (default 4: one tetrode).
// Usage: node packages/v1/benchmark/v1Bench.mjs [--minutes 15] [--tetrodes 1] [--group-channels 4] [--writer-profile NAME] [--raw FILE] [--keep]
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { arg, load } from './benchSupport.mjs';

const self = fileURLToPath(import.meta.url);
const TARGET_SECONDS = 30;

function rootsOf(base) {
  return load().nwb.dataRootsUnder(base);
}

const snapshot = {
  runtime: { node: process.versions.node, platform: process.platform, arch: process.arch },
  packages: { bench: '1' },
  editable: {},
  hasEditable: false,
};

async function openDb(base) {
  const { schema } = load();
  const orm = await schema.openDatabase(schema.sqliteUrl(path.join(base, 'recompute.sqlite')));
  await schema.migrateDatabase(orm);
  return orm;
}

async function environment(orm) {
  const { engine } = load();
  const registered = await engine.registerEnvironment(new engine.MikroOrmEnvironmentStore(orm.em), snapshot, {
    user: 'bench',
    envName: 'default',
  });
  return { envId: registered.envId, snapshot };
}

/** Child: set up tables (not timed) then create the recording (timed). */
async function childCreate(base, rawPath, writerProfile, groupChannels = '4') {
  const { v1, common } = load();
  const roots = rootsOf(base);
  const orm = await openDb(base);
  const summary = await common.ingestRawNwb(orm.em, { rawPath, roots });
  await common.setSortGroup(orm.em, 'v1', {
    nwbFileName: summary.nwbFileName,
    sortGroupId: 0,
    electrodeIds: Array.from({ length: Number(groupChannels) }, (_, i) => i),
    referenceId: -2,
  });
  const valid = summary.validTimes ?? [];
  await common.addInterval(orm.em, { nwbFileName: summary.nwbFileName, name: 'all', start: valid[0][0], end: valid[valid.length - 1][1] });
  const env = await environment(orm);
  const started = performance.now();
  const created = await v1.createV1Recording(
    orm.em,
    { roots, environment: env },
    { nwbFileName: summary.nwbFileName, sortGroupId: 0, intervalListName: 'all', writerProfile },
  );
  const seconds = (performance.now() - started) / 1000;
  await orm.close(true);
  return { seconds, created, bytes: statSync(created.path).size };
}

/** Child: delete the file and regenerate + verify it on demand (timed). */
async function childVerify(base, recordingId, filePath) {
  const { v1 } = load();
  const roots = rootsOf(base);
  const orm = await openDb(base);
  const env = await environment(orm);
  rmSync(filePath);
  const started = performance.now();
  const fetched = await v1.fetchNwb(orm.em, { recording_id: recordingId }, { roots, environment: env });
  const seconds = (performance.now() - started) / 1000;
  await orm.close(true);
  return { seconds, fetched };
}

function runChild(args) {
  const out = execFileSync(process.execPath, [self, ...args], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    maxBuffer: 1 << 24,
  });
  return JSON.parse(out.trim().split('\n').pop());
}

async function main() {
  const [mode, childBase, a, b, c] = process.argv.slice(2);
  if (mode === '--child-create' || mode === '--child-verify') {
    // as the `recompute` CLI runs: wasm tiering budget raised before any wasm compiles
    load().nwb.raiseWasmTieringBudget();
    const result = mode === '--child-create' ? await childCreate(childBase, a, b, c) : await childVerify(childBase, a, b);
    const usage = process.resourceUsage();
    // CPU seconds of the whole child (all threads): a load-independent cost next to wall time.
    const cpuSeconds = (usage.userCPUTime + usage.systemCPUTime) / 1e6;
    process.stdout.write(`${JSON.stringify({ ...result, cpuSeconds, peakRssMiB: usage.maxRSS / 1024 })}\n`);
    return;
  }
  const minutes = Number(arg('minutes', '15'));
  const tetrodes = Number(arg('tetrodes', '1'));
  const base = mkdtempSync(path.join(tmpdir(), 'v1-bench-'));
  try {
    for (const dir of Object.values(rootsOf(base))) mkdirSync(dir, { recursive: true });
    const { common } = load();
    const rawPath = path.join(base, 'incoming', 'bench_.nwb');
    mkdirSync(path.dirname(rawPath), { recursive: true });
    const writerProfile = arg('writer-profile', 'pynwb-2.3');
    const given = arg('raw', undefined);
    let raw;
    if (given) {
      copyFileSync(given, rawPath);
      raw = { samples: null, channels: null, given };
    } else {
      process.stderr.write(`writing a ${minutes}-minute ${tetrodes * 4}-channel synthetic raw NWB file…\n`);
      raw = await common.writeSyntheticRawNwb({ filePath: rawPath, durationSeconds: minutes * 60, tetrodes, samplingRate: 30000 });
    }
    const groupChannels = arg('group-channels', '4');
    const create = runChild(['--child-create', base, rawPath, writerProfile, groupChannels]);
    const verify = runChild(['--child-verify', base, create.created.recording_id, create.created.path]);
    if (!verify.fetched.regenerated || verify.fetched.hash !== create.created.hash)
      throw new Error(`verification failed: ${JSON.stringify(verify.fetched)}`);
    const total = create.seconds + verify.seconds;
    const report = {
      benchmark: 'v1 create + verify',
      writerProfile,
      groupChannels: Number(groupChannels),
      raw: given ? { file: given } : { samples: raw.samples, channels: raw.channels, minutes },
      analysisFileBytes: create.bytes,
      create: { seconds: round(create.seconds), processCpuSeconds: round(create.cpuSeconds), peakRssMiB: round(create.peakRssMiB) },
      verify: {
        seconds: round(verify.seconds),
        processCpuSeconds: round(verify.cpuSeconds),
        peakRssMiB: round(verify.peakRssMiB),
        regenerated: verify.fetched.regenerated,
        hashMatches: true,
      },
      totalSeconds: round(total),
      loadAverage1m: round(loadavg()[0]),
      targetSeconds: TARGET_SECONDS,
      withinTarget: total < TARGET_SECONDS,
      hash: create.created.hash,
    };
    process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
    process.stderr.write(
      `v1 create ${round(create.seconds)} s (peak RSS ${round(create.peakRssMiB)} MiB), verify ${round(verify.seconds)} s (peak RSS ${round(verify.peakRssMiB)} MiB): total ${round(total)} s vs target < ${TARGET_SECONDS} s\n`,
    );
    if (!report.withinTarget) process.exitCode = 1;
  } finally {
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
