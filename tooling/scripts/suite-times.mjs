#!/usr/bin/env node
// Where the test suite's time goes, in CPU seconds (comparable on a shared, loaded machine):
// runs jest (arguments forwarded, e.g. `--selectProjects engine`, test paths) through
// run-tests.mjs with RECOMPUTE_TEST_CPU_LOG set, then prints the files by CPU time, worst first,
// and the totals with the load average before and after.
//   node tooling/scripts/suite-times.mjs [--top N] [--write-heavy-list] [jest arguments...]
// --write-heavy-list updates tooling/jest/heavyTestFiles.json (the files the test sequencer starts
// first on a clean clone) from this run's wall times: every file that ran is listed if it took at
// least HEAVY_WALL_SECONDS, and dropped otherwise; files that did not run keep their entry. Use it
// after a whole-suite run (`node tooling/scripts/suite-times.mjs --write-heavy-list`), where the
// wall times are those of a normal run.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const args = process.argv.slice(2);
const topAt = args.indexOf('--top');
const top = topAt >= 0 ? Number(args.splice(topAt, 2)[1]) : 20;
const writeAt = args.indexOf('--write-heavy-list');
const writeHeavyList = writeAt >= 0;
if (writeHeavyList) args.splice(writeAt, 1);
const HEAVY_WALL_SECONDS = 10;
const heavyListFile = path.join(root, 'tooling/jest/heavyTestFiles.json');
const logDir = mkdtempSync(path.join(os.tmpdir(), 'suite-times-'));
const logFile = path.join(logDir, 'cpu.jsonl');

const loadBefore = os.loadavg();
const started = Date.now();
const result = spawnSync(process.execPath, [path.join(root, 'tooling/scripts/run-tests.mjs'), ...args], {
  stdio: 'inherit',
  env: { ...process.env, RECOMPUTE_TEST_CPU_LOG: logFile },
});
const wall = (Date.now() - started) / 1000;
const loadAfter = os.loadavg();

let rows = [];
try {
  rows = readFileSync(logFile, 'utf8')
    .trim()
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line));
} catch {
  // No file ran.
}
rmSync(logDir, { recursive: true, force: true });
rows.sort((a, b) => b.cpuSeconds + b.childCpuSeconds - (a.cpuSeconds + a.childCpuSeconds));
const fmt = (s) => s.toFixed(1).padStart(7);
process.stdout.write(`\n   cpu s  child s   wall s  file (top ${Math.min(top, rows.length)} of ${rows.length} by cpu + child cpu)\n`);
for (const row of rows.slice(0, top))
  process.stdout.write(`${fmt(row.cpuSeconds)}  ${fmt(row.childCpuSeconds)}  ${fmt(row.wallSeconds)}  ${path.relative(root, row.file)}\n`);
const sum = (key) => rows.reduce((total, row) => total + row[key], 0);
process.stdout.write(
  `${fmt(sum('cpuSeconds'))}  ${fmt(sum('childCpuSeconds'))}  ${fmt(sum('wallSeconds'))}  total over ${rows.length} files; run wall ${wall.toFixed(1)} s; ` +
    `load average ${loadBefore.map((l) => l.toFixed(1)).join(' ')} before, ${loadAfter.map((l) => l.toFixed(1)).join(' ')} after\n`,
);
if (writeHeavyList && result.status === 0) {
  const list = JSON.parse(readFileSync(heavyListFile, 'utf8'));
  const ran = new Map(rows.map((row) => [path.relative(root, row.file), row.wallSeconds]));
  const kept = Object.entries(list.files).filter(([file]) => !ran.has(file));
  const measured = [...ran].filter(([, seconds]) => seconds >= HEAVY_WALL_SECONDS).map(([file, seconds]) => [file, Math.round(seconds)]);
  list.files = Object.fromEntries([...kept, ...measured].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])));
  writeFileSync(heavyListFile, `${JSON.stringify(list, null, 2)}\n`);
  process.stdout.write(
    `${path.relative(root, heavyListFile)}: ${Object.keys(list.files).length} files of at least ${HEAVY_WALL_SECONDS} s\n`,
  );
}
process.exit(result.status ?? 1);
