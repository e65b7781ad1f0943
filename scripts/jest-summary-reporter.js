/** Ends a Jest run with one plain line, `N passed, N failed, N skipped`, that CI tools can read. */
export default class SummaryReporter {
  onRunComplete(_contexts, results) {
    const skipped = results.numPendingTests + results.numTodoTests;
    const line = `${results.numPassedTests} passed, ${results.numFailedTests} failed, ${skipped} skipped\n`;
    // Written at exit so it comes after Jest's own summary.
    process.once('exit', () => process.stderr.write(line));
  }
}
