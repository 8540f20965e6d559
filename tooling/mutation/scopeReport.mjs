// The mutation score over a package's whole scope (its stryker.config.mjs `mutate` globs), built up
// from narrowed runs. Stryker's own report after `--mutate <file>` holds only that run's files, so
// each run's per-file results are merged into `packages/<package>/mutation-scope.json`: the latest
// result per file, with the sha-256 of the source it was run on, so a file edited since is shown as
// stale. The file is checked in: a measurement outlives the machine it was made on (Stryker's own
// reports under `.mutation/` do not), and a later session reruns only the files that changed.
//
// `pnpm mutate` merges after every run (tooling/scripts/mutate.mjs); on its own,
// `node tooling/mutation/scopeReport.mjs [package ...]` prints the scope score of each package
// from what has been merged so far (`--json` prints the summaries as JSON instead).
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const SCOPE_FORMAT = 1;

/** Stryker statuses that count as detected / undetected; the rest (compile or runtime errors,
 * ignored) are not valid mutants and stay out of the score, as in Stryker's own score. */
const DETECTED = new Set(['Killed', 'Timeout']);
const UNDETECTED = new Set(['Survived', 'NoCoverage']);

/** @param {string} text @returns {string} */
export function sourceHash(text) {
  return createHash('sha256').update(text).digest('hex');
}

/**
 * A glob of Stryker's `--mutate` (`*`, `**`, `?`; relative to the package) as a regular expression.
 * @param {string} glob
 */
function globPattern(glob) {
  let out = '';
  const text = path.normalize(glob);
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (char === '*' && text[i + 1] === '*') {
      // `**/` is any number of folders (also none); a trailing `**` is anything
      if (text[i + 2] === '/') {
        out += '(?:.*/)?';
        i += 2;
      } else {
        out += '.*';
        i += 1;
      }
    } else if (char === '*') out += '[^/]*';
    else if (char === '?') out += '[^/]';
    else out += char.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${out}$`);
}

/**
 * The `--mutate`/`-m` values of a Stryker command line: files with optional line ranges
 * (`src/a.ts:10-20` mutates only those lines) and globs (`src/jobs/**` and the like, `!` to leave out).
 * `undefined` when the run used the configured scope.
 * @param {string[]} strykerArgs
 * @returns {{ has(file: string): boolean, get(file: string): string | null } | undefined}
 *   whether a file was in the run, and its range (`null`: the whole file)
 */
export function mutateArgument(strykerArgs) {
  const values = [];
  for (let i = 0; i < strykerArgs.length; i++) {
    const arg = strykerArgs[i];
    const inline = /^(?:--mutate|-m)=(.*)$/.exec(arg);
    if (inline) values.push(inline[1]);
    else if ((arg === '--mutate' || arg === '-m') && i + 1 < strykerArgs.length) values.push(strykerArgs[++i]);
  }
  if (values.length === 0) return undefined;
  const files = new Map();
  const included = [];
  const excluded = [];
  for (const item of values.flatMap((value) => value.split(',')).map((item) => item.trim())) {
    if (item === '') continue;
    if (item.startsWith('!')) {
      excluded.push(globPattern(item.slice(1)));
      continue;
    }
    if (/[*?]/.test(item)) {
      included.push(globPattern(item));
      continue;
    }
    const ranged = /^(.*):(\d+(?::\d+)?-\d+(?::\d+)?)$/.exec(item);
    const file = path.normalize(ranged ? ranged[1] : item);
    // A file named whole anywhere is run whole; several ranges of one file are kept together.
    if (files.has(file) && (files.get(file) === null || !ranged)) files.set(file, null);
    else files.set(file, ranged ? [files.get(file), ranged[2]].filter(Boolean).join(',') : null);
  }
  return {
    has: (file) => files.has(file) || (included.some((re) => re.test(file)) && !excluded.some((re) => re.test(file))),
    get: (file) => files.get(file) ?? null,
  };
}

/** @param {{ location: { start: { line: number, column: number }, end: { line: number, column: number } }, mutatorName: string, replacement?: string }} mutant */
function mutantKey(mutant) {
  const { start, end } = mutant.location;
  return `${start.line}:${start.column}-${end.line}:${end.column} ${mutant.mutatorName} ${mutant.replacement ?? ''}`;
}

/** The part of a Stryker mutant kept in scope.json: enough to list and explain survivors. */
function keptMutant(mutant) {
  return {
    mutatorName: mutant.mutatorName,
    replacement: mutant.replacement,
    location: mutant.location,
    status: mutant.status,
  };
}

/**
 * Merges one Stryker run (its mutation.json) into the scope state. A file run whole replaces its
 * record; a file run on a line range updates the mutants it reports within a record of the same
 * source, never turning a detected one undetected (else it starts a record marked partial).
 * @param {{ format: number, files: Record<string, object> }} scope previous scope.json content
 * @param {{ files: Record<string, { source: string, mutants: object[] }> }} report Stryker's mutation.json
 * @param {{ ranges?: ReturnType<typeof mutateArgument>, tests: string[] | 'related', at: string }} run
 * @returns {{ format: number, files: Record<string, object> }} the new scope state (input untouched)
 */
export function mergeRun(scope, report, run) {
  const files = { ...scope.files };
  for (const [file, result] of Object.entries(report.files)) {
    const key = path.normalize(file);
    // With incremental runs, Stryker's report also carries earlier results of files this run did
    // not mutate (as they were in incremental.json): only the files named by `--mutate` are news.
    if (run.ranges !== undefined && !run.ranges.has(key)) continue;
    const hash = sourceHash(result.source);
    const range = run.ranges?.get(key) ?? null;
    const mutants = Object.fromEntries(result.mutants.map((mutant) => [mutantKey(mutant), keptMutant(mutant)]));
    const previous = files[key];
    if (range !== null && previous?.sourceHash === hash) {
      // A ranged rerun usually runs only the tests added for its lines: a mutant the earlier
      // run's tests detected on this same source stays detected.
      const updated = Object.fromEntries(
        Object.entries(mutants).map(([id, mutant]) => {
          const before = previous.mutants[id];
          return [id, before && DETECTED.has(before.status) && !DETECTED.has(mutant.status) ? before : mutant];
        }),
      );
      files[key] = {
        ...previous,
        mutants: { ...previous.mutants, ...updated },
        runs: [...previous.runs, { at: run.at, tests: run.tests, range }],
      };
    } else {
      files[key] = { sourceHash: hash, partial: range !== null, mutants, runs: [{ at: run.at, tests: run.tests, range }] };
    }
  }
  return { format: SCOPE_FORMAT, files };
}

/** @param {Iterable<{ status: string }>} mutants */
function countStatuses(mutants) {
  const counts = { detected: 0, undetected: 0, invalid: 0 };
  for (const { status } of mutants) {
    if (DETECTED.has(status)) counts.detected++;
    else if (UNDETECTED.has(status)) counts.undetected++;
    else counts.invalid++;
  }
  return counts;
}

/** @param {{ detected: number, undetected: number }} counts @returns {number | null} percent */
function score({ detected, undetected }) {
  return detected + undetected === 0 ? null : (100 * detected) / (detected + undetected);
}

/**
 * The scope score: files run on their current source count; files edited since their run are
 * stale and files never run are listed, neither counts.
 * @param {{ files: Record<string, any> }} scope
 * @param {Map<string, string>} currentSources scope file → its sha-256 now
 */
export function summarizeScope(scope, currentSources) {
  const files = [];
  const total = { detected: 0, undetected: 0, invalid: 0 };
  for (const [file, hash] of [...currentSources].sort(([a], [b]) => a.localeCompare(b))) {
    const record = scope.files[file];
    if (!record) {
      files.push({ file, state: 'not run' });
      continue;
    }
    const mutants = Object.values(record.mutants);
    const counts = countStatuses(mutants);
    const state = record.sourceHash !== hash ? 'stale' : record.partial ? 'partial' : 'current';
    const survivors = mutants
      .filter((mutant) => UNDETECTED.has(mutant.status))
      .map((mutant) => ({
        line: mutant.location.start.line,
        column: mutant.location.start.column,
        mutatorName: mutant.mutatorName,
        replacement: mutant.replacement,
        status: mutant.status,
      }))
      .sort((a, b) => a.line - b.line || a.column - b.column);
    files.push({ file, state, ...counts, score: score(counts), lastRun: record.runs.at(-1)?.at, survivors });
    if (state !== 'stale') {
      total.detected += counts.detected;
      total.undetected += counts.undetected;
      total.invalid += counts.invalid;
    }
  }
  return { ...total, score: score(total), files };
}

/** Files of a package a list of Stryker `mutate` globs selects (in order; `!` removes). */
function scopeFiles(packageDir, patterns) {
  const requireFromStryker = createRequire(
    createRequire(path.join(repoRoot, 'package.json')).resolve('@stryker-mutator/core/package.json'),
  );
  const { minimatch } = requireFromStryker('minimatch');
  const candidates = [];
  const walk = (dir) => {
    for (const entry of readdirSync(path.join(packageDir, dir), { withFileTypes: true })) {
      if (['node_modules', 'dist', '.turbo'].includes(entry.name)) continue;
      const relative = dir === '' ? entry.name : `${dir}/${entry.name}`;
      if (entry.isDirectory()) walk(relative);
      else if (entry.isFile()) candidates.push(relative);
    }
  };
  walk('');
  return candidates.filter((file) =>
    patterns.reduce(
      (selected, pattern) =>
        pattern.startsWith('!') ? selected && !minimatch(file, pattern.slice(1)) : selected || minimatch(file, pattern),
      false,
    ),
  );
}

/** @param {string} name package folder under packages/ */
function packagePaths(name) {
  const packageDir = path.join(repoRoot, 'packages', name);
  const reports = path.join(repoRoot, '.mutation', name);
  return {
    packageDir,
    reports,
    scopeFile: path.join(packageDir, 'mutation-scope.json'),
    reportFile: path.join(reports, 'mutation.json'),
  };
}

/**
 * scope.json as checked in: one line per mutant and per run, so a rerun's diff shows which mutants
 * changed status and nothing else.
 * @param {{ format: number, files: Record<string, any> }} scope
 */
export function formatScopeFile(scope) {
  const fileBlocks = Object.keys(scope.files)
    .sort()
    .map((file) => {
      const { mutants, runs, ...record } = scope.files[file];
      const mutantLines = Object.keys(mutants)
        .sort()
        .map((id) => `    ${JSON.stringify(id)}: ${JSON.stringify(mutants[id])}`);
      const head = Object.entries(record).map(([key, value]) => `   ${JSON.stringify(key)}: ${JSON.stringify(value)}`);
      const runLines = runs.map((run) => `    ${JSON.stringify(run)}`);
      return [
        `  ${JSON.stringify(file)}: {`,
        ...head.map((line) => `${line},`),
        runLines.length === 0 ? '   "runs": [],' : `   "runs": [\n${runLines.join(',\n')}\n   ],`,
        mutantLines.length === 0 ? '   "mutants": {}' : `   "mutants": {\n${mutantLines.join(',\n')}\n   }`,
        '  }',
      ].join('\n');
    });
  return `{\n "format": ${scope.format},\n "files": {\n${fileBlocks.join(',\n')}\n }\n}\n`;
}

function readScope(scopeFile) {
  if (!existsSync(scopeFile)) return { format: SCOPE_FORMAT, files: {} };
  const scope = JSON.parse(readFileSync(scopeFile, 'utf8'));
  return scope.format === SCOPE_FORMAT ? scope : { format: SCOPE_FORMAT, files: {} };
}

/** The package's configured `mutate` globs. (Loading stryker.config.mjs clears the test-name
 * index of a Stryker run, see strykerConfig.mjs: do not call this while one runs in the package.) */
async function configuredPatterns(packageDir) {
  const config = (await import(pathToFileURL(path.join(packageDir, 'stryker.config.mjs')).href)).default;
  return config.mutate;
}

async function currentSources(packageDir) {
  const files = scopeFiles(packageDir, await configuredPatterns(packageDir));
  return new Map(files.map((file) => [path.normalize(file), sourceHash(readFileSync(path.join(packageDir, file), 'utf8'))]));
}

/**
 * Merges the package's last Stryker report into its scope.json (after `pnpm mutate`).
 * @param {string} name package folder under packages/
 * @param {{ strykerArgs: string[], tests: string[] | 'related', startedAt: Date }} run
 * @returns {boolean} whether a report of this run was found
 */
export function mergeLastRun(name, run) {
  const { scopeFile, reportFile } = packagePaths(name);
  // A run that failed before reporting leaves the previous run's report: do not merge it twice.
  if (!existsSync(reportFile)) return false;
  const reportTime = statSync(reportFile).mtimeMs;
  if (reportTime < run.startedAt.getTime()) return false;
  const report = JSON.parse(readFileSync(reportFile, 'utf8'));
  const merged = mergeRun(readScope(scopeFile), report, {
    ranges: mutateArgument(run.strykerArgs),
    tests: run.tests,
    at: new Date(reportTime).toISOString(),
  });
  const partial = `${scopeFile}.partial`;
  writeFileSync(partial, formatScopeFile(merged));
  renameSync(partial, scopeFile);
  return true;
}

/** @param {string} name @returns {Promise<ReturnType<typeof summarizeScope>>} */
export async function packageScopeSummary(name) {
  const { packageDir, scopeFile } = packagePaths(name);
  return summarizeScope(readScope(scopeFile), await currentSources(packageDir));
}

const percent = (value) => (value === null ? '  n/a' : `${value.toFixed(1).padStart(5)}%`);

/** Human-readable scope report of one package. */
export function formatScopeSummary(name, summary) {
  const lines = [
    `mutation scope of ${name}: ${percent(summary.score)} (${summary.detected} detected, ${summary.undetected} undetected, over files run on their current source)`,
  ];
  for (const file of summary.files) {
    if (file.state === 'not run') continue;
    const flag = file.state === 'current' ? '' : ` [${file.state}]`;
    lines.push(`  ${percent(file.score)}  ${file.file}  ${file.detected}/${file.detected + file.undetected}${flag}`);
  }
  const notRun = summary.files.filter((file) => file.state === 'not run').map((file) => file.file);
  if (notRun.length > 0) lines.push(`  not run yet (${notRun.length}): ${notRun.join(', ')}`);
  return lines.join('\n');
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const json = args.includes('--json');
  const names = args.filter((arg) => arg !== '--json');
  const configured = readdirSync(path.join(repoRoot, 'packages')).filter((name) =>
    existsSync(path.join(repoRoot, 'packages', name, 'stryker.config.mjs')),
  );
  const summaries = {};
  for (const name of names.length > 0 ? names : configured) summaries[name] = await packageScopeSummary(name);
  if (json) console.log(JSON.stringify(summaries, null, 2));
  else for (const [name, summary] of Object.entries(summaries)) console.log(formatScopeSummary(name, summary));
}
