// Test order for the root jest run: the known-heavy test files start first when jest has no
// timings for them.
//
// jest's own sequencer runs, per project, the files that failed last time first, then the files
// it has no timing for (largest file first), then the rest longest-first, from its perf cache
// (`perf-cache-*` in jest's cacheDirectory). On a clean clone (CI) that cache is empty, so the
// order is by file size, which says little about cost here: a 270-line file that spawns 40 worker
// processes starts among the last, and with 2 workers one of them idles for a minute at the end
// while the other finishes it. The wall time of a run is at least max(total / workers, longest
// file); longest-first is how a run gets close to that bound.
//
// So: every file jest has a timing for keeps jest's order (the cache knows better than a list),
// and among the files it has no timing for, those listed in heavyTestFiles.json start first,
// longest first (their wall seconds in a whole-suite run), then the rest in jest's order. Failed
// files still come first. Refresh the list after a change that moves a file's cost a lot:
// `node tooling/scripts/suite-times.mjs --write-heavy-list` (a whole-suite run) rewrites it.
const fs = require('node:fs');
const { createRequire } = require('node:module');
const path = require('node:path');

const repoRoot = path.resolve(__dirname, '../..');
const heavyListFile = path.join(__dirname, 'heavyTestFiles.json');

/**
 * jest's default sequencer, the one this jest would use without a `testSequencer` option. It is
 * jest's own dependency, not ours (pnpm keeps it out of the root node_modules): it is resolved
 * along jest's dependencies, as tooling/mutation/coveringTestSequencer.cjs does.
 */
function jestDefaultSequencer() {
  const requireFromJestConfig = ['jest', '@jest/core', 'jest-config'].reduce(
    (require, name) => createRequire(require.resolve(`${name}/package.json`)),
    createRequire(path.join(repoRoot, 'package.json')),
  );
  return requireFromJestConfig('@jest/test-sequencer').default;
}

/**
 * Reads heavyTestFiles.json: repository-relative test paths → wall seconds. Warns (once, on
 * stderr) about listed files that no longer exist, so a rename does not silently drop a file
 * from the head of the run.
 * @returns {Map<string, number>} absolute path → seconds
 */
function readHeavyList() {
  const { files } = JSON.parse(fs.readFileSync(heavyListFile, 'utf8'));
  const heavy = new Map();
  const missing = [];
  for (const [relative, seconds] of Object.entries(files)) {
    const absolute = path.join(repoRoot, relative);
    if (fs.existsSync(absolute)) heavy.set(absolute, seconds);
    else missing.push(relative);
  }
  if (missing.length > 0) {
    process.stderr.write(
      `${path.relative(repoRoot, heavyListFile)} lists test files that do not exist (update it): ${missing.join(', ')}\n`,
    );
  }
  return heavy;
}

const JestSequencer = jestDefaultSequencer();

class HeavyFirstSequencer extends JestSequencer {
  constructor(options) {
    super(options);
    this.heavy = readHeavyList();
  }

  /** Seconds from the list for a file jest has no timing for; 0 for any other file. */
  listedSecondsWithoutTiming(test) {
    if (this.time(test) != null) return 0;
    return this.heavy.get(test.path) ?? 0;
  }

  sort(tests) {
    // jest's order (which also sets each test's `duration` from the cache) is the tie-breaker.
    const jestOrder = super.sort([...tests]);
    const jestRank = new Map(jestOrder.map((test, index) => [test, index]));
    const failed = (test) => (this.hasFailed(test) ? 1 : 0);
    return jestOrder.sort(
      (a, b) =>
        failed(b) - failed(a) ||
        this.listedSecondsWithoutTiming(b) - this.listedSecondsWithoutTiming(a) ||
        jestRank.get(a) - jestRank.get(b),
    );
  }
}

module.exports = HeavyFirstSequencer;
