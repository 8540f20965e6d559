// jest decorates console with stack traces, which breaks oclif's output capture;
// and oclif commands set process.exitCode, which would make a passing run exit 1.
const { Console } = require('node:console');
global.console = new Console({ stdout: process.stdout, stderr: process.stderr });
afterEach(() => {
  process.exitCode = undefined;
});
if (process.env.RECOMPUTE_TEST_CPU_LOG) require('./cpuTimeLog.cjs').logCpuTimeOfTestFile(process.env.RECOMPUTE_TEST_CPU_LOG);
