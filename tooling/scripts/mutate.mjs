#!/usr/bin/env node
// `pnpm mutate [package ...] [-- stryker flags]`: runs Stryker for each named package (default:
// every package with a stryker.config.mjs), one after another, and prints where the reports are.
// Incremental: a rerun tests only mutants in code or tests that changed since the last run.
// After each run its per-file results are merged into packages/<package>/mutation-scope.json and the score
// over the package's whole scope is printed (tooling/mutation/scopeReport.mjs), since a narrowed
// run's own report holds only its files.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { formatScopeSummary, mergeLastRun, packageScopeSummary } from '../mutation/scopeReport.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const separator = process.argv.indexOf('--');
const names = (separator === -1 ? process.argv.slice(2) : process.argv.slice(2, separator)).filter(Boolean);
const strykerArgs = separator === -1 ? [] : process.argv.slice(separator + 1);

const configured = readdirSync(path.join(root, 'packages')).filter((name) =>
  existsSync(path.join(root, 'packages', name, 'stryker.config.mjs')),
);
const unknown = names.filter((name) => !configured.includes(name));
if (unknown.length > 0) {
  console.error(`mutate: no stryker.config.mjs in packages/${unknown.join(', packages/')} (configured: ${configured.join(', ')})`);
  process.exit(2);
}

const stryker = path.join(root, 'node_modules', '@stryker-mutator', 'core', 'bin', 'stryker.js');
let status = 0;
for (const name of names.length > 0 ? names : configured) {
  const cwd = path.join(root, 'packages', name);
  console.error(`\n=== mutate ${name} (reports: .mutation/${name}/mutation.html, mutation.json)`);
  const startedAt = new Date();
  const result = spawnSync(process.execPath, [stryker, 'run', 'stryker.config.mjs', ...strykerArgs], { cwd, stdio: 'inherit' });
  status ||= result.status ?? 1;
  const tests = (process.env.STRYKER_TESTS ?? '')
    .split(',')
    .map((file) => file.trim())
    .filter(Boolean);
  const merged = mergeLastRun(name, { strykerArgs, tests: tests.length > 0 ? tests : 'related', startedAt });
  if (!merged) console.error(`mutate ${name}: no report from this run to merge into packages/${name}/mutation-scope.json`);
  console.error(`\n${formatScopeSummary(name, await packageScopeSummary(name))}`);
}
process.exit(status);
