// Writes each package's jest totals to <package>/.cache/test-results.json, so that
// scripts/test-summary.mjs can close a whole-repo run with one "N passed, N failed" line.
const { mkdirSync, writeFileSync } = require("node:fs");
const { join } = require("node:path");

module.exports = class TestResultsReporter {
  constructor(globalConfig) {
    this.rootDir = globalConfig.rootDir;
  }

  onRunComplete(_contexts, results) {
    const dir = join(this.rootDir, ".cache");
    mkdirSync(dir, { recursive: true });
    const totals = {
      passed: results.numPassedTests,
      failed: results.numFailedTests + results.numRuntimeErrorTestSuites,
      skipped: results.numPendingTests + results.numTodoTests,
    };
    writeFileSync(join(dir, "test-results.json"), `${JSON.stringify(totals)}\n`);
  }
};
