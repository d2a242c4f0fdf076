import type { Reporter, SerializedError, TestModule } from 'vitest/node';

/**
 * Prints one plain closing line, "Tests: N passed, N failed, N skipped", after vitest's own report, so a CI
 * log says unambiguously how many tests ran. A file whose `beforeAll` throws leaves its tests "skipped", so
 * failed files and unhandled errors are named too: a summary must never read green when the run was not.
 */
export default class SummaryReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>, unhandledErrors: ReadonlyArray<SerializedError>): void {
    let passed = 0;
    let failed = 0;
    let skipped = 0;
    const failedFiles: string[] = [];
    for (const module of testModules) {
      if (!module.ok()) failedFiles.push(module.relativeModuleId);
      for (const test of module.children.allTests()) {
        const state = test.result().state;
        if (state === 'passed') passed += 1;
        else if (state === 'failed') failed += 1;
        else skipped += 1;
      }
    }
    let line = `\nTests: ${passed} passed, ${failed} failed, ${skipped} skipped`;
    if (failedFiles.length > 0) line += `; failed files: ${failedFiles.join(', ')}`;
    if (unhandledErrors.length > 0) line += `; unhandled errors: ${unhandledErrors.length}`;
    process.stdout.write(`${line}\n`);
  }
}
