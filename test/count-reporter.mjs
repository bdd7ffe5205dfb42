/**
 * A test-runner reporter that ends the log with one plain line,
 * `N passed, N failed, N skipped`, which CI reads. A test file that fails
 * to load, or a session that errors outside any test, counts as a failure
 * so that a broken import can never pass as "0 failed".
 */
export function countReporter() {
  return {
    stop({ sessions }) {
      const counts = { passed: 0, failed: 0, skipped: 0 };

      for (const session of sessions) {
        const tests = collectTests(session.testResults);
        for (const test of tests) {
          if (test.skipped) counts.skipped += 1;
          else if (test.passed) counts.passed += 1;
          else counts.failed += 1;
        }

        const broken = (session.errors?.length ?? 0) > 0 || !session.passed;
        const failedTests = tests.some((t) => !t.passed && !t.skipped);
        if (broken && !failedTests) counts.failed += 1;
      }

      // Printed after the default reporter so that it is the last line.
      setTimeout(() => {
        process.stdout.write(
          `unit: ${counts.passed} passed, ${counts.failed} failed, ` +
            `${counts.skipped} skipped\n`,
        );
      }, 0);
    },
  };
}

function collectTests(suite) {
  if (!suite) return [];
  return [
    ...(suite.tests ?? []),
    ...(suite.suites ?? []).flatMap((child) => collectTests(child)),
  ];
}
