#!/usr/bin/env node
// Hash benchmark (root `pnpm bench:hash`, needs the built dist/): writes a ~280 MB NWB-like
// HDF5 (int16 32 ch × 3.9M samples, chunked 16384×32, + float64 timestamps) to a tmp dir,
// then compares our hashNwbFile (in a child process, so its peak RSS is its own) with
// `md5sum` on the same file. Medians of RUNS runs, warm page cache. The child process is set
// up as the `recompute` CLI sets itself up (wasm tiering budget, see src/runtime/wasmTiering.ts).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { makeBenchFile } from './makeBenchFile.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
// The hasher's own module: the package index also loads the engine (MikroORM etc.), which
// costs ~0.5 s of start-up unrelated to hashing.
const dist = path.join(here, '..', 'dist', 'hashing', 'hashNwbFile.js');
const tuning = path.join(here, '..', 'dist', 'runtime', 'wasmTiering.js');
const RUNS = Number(process.env.HASH_BENCH_RUNS ?? 3);
const samples = Number(process.env.HASH_BENCH_SAMPLES ?? 3_900_000);

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const fmt = (s) => `${s.toFixed(3)} s`;

/** CPU seconds (user + sys) of `md5sum file`, via bash's `time` builtin. */
function md5sumCpu(file) {
  const r = spawnSync('bash', ['-c', 'TIMEFORMAT="%U %S"; time md5sum "$0" > /dev/null', file], { encoding: 'utf8' });
  const [u, s] = r.stderr.trim().split(/\s+/).map(Number);
  return u + s;
}

function timeCommand(cmd, args) {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 1 << 24 });
  const wall = Number(process.hrtime.bigint() - t0) / 1e9;
  if (r.status !== 0) throw new Error(`${cmd} failed: ${r.stderr}`);
  return { wall, stdout: r.stdout };
}

// The child runs as the \`recompute\` CLI does (wasm tiering budget raised first) unless told
// 'untuned'; 'h5wasm-only' turns the prehash worker off.
const child = `
const modes = process.argv.slice(2);
if (!modes.includes('untuned')) require(${JSON.stringify(tuning)}).raiseWasmTieringBudget();
const t0 = performance.now();
const core = require(${JSON.stringify(dist)});
const runtime = modes.includes('h5wasm-only') ? { prehashMinBytes: Infinity } : {};
core.hashNwbFile(process.argv[1], {}, runtime).then((r) => {
  const ms = performance.now() - t0;
  const cpu = process.cpuUsage();
  process.stdout.write(JSON.stringify({ hash: r.hash, seconds: ms / 1000, cpuSeconds: (cpu.user + cpu.system) / 1e6, maxRssKiB: process.resourceUsage().maxRSS }));
}, (e) => { console.error(e); process.exit(1); });
`;

const tmp = mkdtempSync(path.join(os.tmpdir(), 'hash-bench-'));
try {
  const file = path.join(tmp, 'bench.nwb');
  const tMake = Date.now();
  await makeBenchFile(file, { samples });
  const size = statSync(file).size;
  console.log(`bench file: ${file} (${(size / 1e6).toFixed(1)} MB, written in ${((Date.now() - tMake) / 1000).toFixed(1)} s)`);
  readFileSync(file); // warm the page cache

  const md5sum = [];
  const ours = [];
  const oursProcess = [];
  const rss = [];
  const ourCpu = [];
  const h5wasmOnly = [];
  const untuned = [];
  const md5Cpu = [];
  let ourHash;
  for (let i = 0; i < RUNS; i += 1) {
    md5sum.push(timeCommand('md5sum', [file]).wall);
    const run = timeCommand(process.execPath, ['-e', child, file]);
    const out = JSON.parse(run.stdout);
    ours.push(out.seconds);
    oursProcess.push(run.wall);
    rss.push(out.maxRssKiB / 1024);
    ourCpu.push(out.cpuSeconds);
    md5Cpu.push(md5sumCpu(file));
    ourHash = out.hash;
    // The same hasher with the prehash worker off: every byte goes through h5wasm.
    const slow = JSON.parse(timeCommand(process.execPath, ['-e', child, file, 'h5wasm-only']).stdout);
    if (slow.hash !== out.hash) throw new Error(`digest differs without prehash: ${slow.hash} vs ${out.hash}`);
    h5wasmOnly.push(slow.seconds);
    // The same hasher in a process that keeps V8's default wasm tiering budget.
    const plain = JSON.parse(timeCommand(process.execPath, ['-e', child, file, 'untuned']).stdout);
    if (plain.hash !== out.hash) throw new Error(`digest differs untuned: ${plain.hash} vs ${out.hash}`);
    untuned.push(plain.seconds);
  }
  const m = median(md5sum);
  const o = median(ours);
  const op = median(oursProcess);
  console.log(
    `cpus: ${os.availableParallelism()}, load average: ${os
      .loadavg()
      .map((x) => x.toFixed(2))
      .join(' ')}`,
  );
  console.log(`hashNwbFile digest: ${ourHash}`);
  console.log(`ours (hashNwbFile incl. h5wasm load, as the CLI runs it): ${fmt(o)}  (${(size / 1e6 / o).toFixed(0)} MB/s)`);
  console.log(`ours (whole node process):          ${fmt(op)}`);
  console.log(
    `ours with V8's default wasm tiering: ${fmt(median(untuned))}  (ratio ${(median(untuned) / m).toFixed(2)}; the CLI raises the budget, see nwb runtime/wasmTiering)`,
  );
  console.log(
    `ours without the prehash worker:     ${fmt(median(h5wasmOnly))}  (h5wasm reads every byte; ratio ${(median(h5wasmOnly) / m).toFixed(2)})`,
  );
  console.log(`md5sum:                             ${fmt(m)}  (${(size / 1e6 / m).toFixed(0)} MB/s)`);
  console.log(`ratio ours/md5sum: ${(o / m).toFixed(2)} (whole process ${(op / m).toFixed(2)}); target <= 1.3`);
  // CPU time is less sensitive than wall time to other load on the machine.
  console.log(`CPU (user+sys): ours ${fmt(median(ourCpu))} (all threads, incl. node + h5wasm start-up), md5sum ${fmt(median(md5Cpu))}`);
  console.log(`peak RSS (ours): ${median(rss).toFixed(0)} MiB; target <= 300 MiB`);
} finally {
  rmSync(tmp, { recursive: true, force: true });
}
