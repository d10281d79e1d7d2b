#!/usr/bin/env node
// Adds up every package's jest totals (see jest-results-reporter.js) into one closing line.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const totals = { passed: 0, failed: 0, skipped: 0 };
const packages = readdirSync(join(root, "packages")).map((name) => join(root, "packages", name));
for (const dir of [...packages, join(root, "order")]) {
  const file = join(dir, ".cache", "test-results.json");
  if (!existsSync(file)) continue;
  const result = JSON.parse(readFileSync(file, "utf8"));
  for (const key of Object.keys(totals)) totals[key] += result[key] ?? 0;
}
if (totals.passed + totals.failed === 0) {
  console.error("no test ran");
  process.exit(1);
}
console.log(`tests: ${totals.passed} passed, ${totals.failed} failed${totals.skipped ? `, ${totals.skipped} skipped` : ""}`);
process.exit(totals.failed === 0 ? 0 : 1);
