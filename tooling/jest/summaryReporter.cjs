// Ends every jest run with one machine-readable line: `tests: N passed, N failed, N skipped`.
// Suites that fail to load count as failures so a compile error can never look green.
// The line is written when the process exits, so it comes after jest's own summary and is the
// last line of the run (stdout writes are synchronous on Linux, also to pipes and files).
class SummaryReporter {
  onRunComplete(_contexts, results) {
    const failed = results.numFailedTests + results.numRuntimeErrorTestSuites;
    const skipped = results.numPendingTests + results.numTodoTests;
    const line = `tests: ${results.numPassedTests} passed, ${failed} failed, ${skipped} skipped\n`;
    process.once('exit', () => process.stdout.write(line));
  }
}
module.exports = SummaryReporter;
