// Ends a jest run with one plain line, `tests: N passed, N failed, N skipped`, that CI and
// people can read without parsing jest's own summary. Suites that fail to run count as failed.
class SummaryReporter {
  onRunComplete(_contexts, results) {
    process.stdout.write(`\n${SummaryReporter.line(results)}\n`);
  }

  static line(results) {
    const failed = results.numFailedTests + results.numRuntimeErrorTestSuites;
    const skipped = results.numPendingTests + results.numTodoTests;
    return `tests: ${results.numPassedTests} passed, ${failed} failed, ${skipped} skipped`;
  }
}

module.exports = SummaryReporter;
