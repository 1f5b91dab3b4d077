// eslint-disable-next-line @typescript-eslint/no-require-imports
const SummaryReporter = require('./jest-summary-reporter.cjs');

describe('jest summary reporter', () => {
  it('prints the plain closing line, counting broken suites as failures', () => {
    const line = SummaryReporter.line({
      numPassedTests: 41,
      numFailedTests: 1,
      numRuntimeErrorTestSuites: 2,
      numPendingTests: 3,
      numTodoTests: 1,
    });
    expect(line).toBe('tests: 41 passed, 3 failed, 4 skipped');
    expect(line).toMatch(/^\w+: \d+ passed, \d+ failed, \d+ skipped$/);
  });
});
