// Per-test-file CPU time, for measuring the suite on a shared machine where wall times depend on
// what else runs. Off unless RECOMPUTE_TEST_CPU_LOG names a file; then each test file appends one
// JSON line to it when it ends: its path, wall seconds, and CPU seconds of the jest worker while
// the file ran (user + system, worker threads included) plus those of the child processes it
// started and that ended (spawned CLI runs, `--workers` children). A database server's CPU is not
// in it. Used by tooling/scripts/suite-times.mjs; nothing reads it during a normal run.
const fs = require('node:fs');

/** User+system seconds of this process and of its ended children (Linux /proc; 0s elsewhere). */
function cpuSeconds() {
  const own = process.cpuUsage();
  let children = 0;
  try {
    // Fields after the `(comm)`: state is field 3; cutime and cstime are fields 16 and 17.
    const stat = fs.readFileSync('/proc/self/stat', 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    children = (Number(fields[13]) + Number(fields[14])) / 100; // clock ticks (USER_HZ = 100 on Linux)
  } catch {
    // Not Linux: own CPU only.
  }
  return { own: (own.user + own.system) / 1e6, children };
}

/** Registers the hooks that log the current test file's times to `logFile`. */
function logCpuTimeOfTestFile(logFile) {
  const startWall = Date.now();
  const start = cpuSeconds();
  afterAll(() => {
    const end = cpuSeconds();
    const line = {
      file: expect.getState().testPath,
      wallSeconds: (Date.now() - startWall) / 1000,
      cpuSeconds: end.own - start.own,
      childCpuSeconds: end.children - start.children,
    };
    fs.appendFileSync(logFile, `${JSON.stringify(line)}\n`);
  });
}

module.exports = { logCpuTimeOfTestFile };
