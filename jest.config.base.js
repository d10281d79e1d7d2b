// Shared jest settings: TypeScript through swc (fast, no type-check: `turbo typecheck` does that).
module.exports = (rootDir) => ({
  rootDir,
  testEnvironment: "node",
  testMatch: ["<rootDir>/test/**/*.test.ts"],
  reporters: ["default", require.resolve("./scripts/jest-results-reporter.js")],
  transform: {
    "^.+\\.ts$": [
      "@swc/jest",
      { jsc: { parser: { syntax: "typescript" }, target: "es2022" }, module: { type: "commonjs" } },
    ],
  },
});
